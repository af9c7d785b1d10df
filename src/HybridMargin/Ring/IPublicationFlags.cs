namespace HybridMargin.Ring;

/// <summary>A per-slot "published" mark that a sequencer sets on publish (see <see cref="RingBuffer{T}(Sequencer)"/>).</summary>
internal interface IPublicationFlags
{
    /// <summary>Marks <paramref name="sequence"/> published (a release-store after the slot's contents).</summary>
    void MarkPublished(long sequence);

    /// <summary>True once <paramref name="sequence"/> is marked (an acquire).</summary>
    bool IsPublished(long sequence);
}
