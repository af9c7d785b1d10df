using HybridMargin.Fix.Codec;

namespace HybridMargin.Tests.Fix.Codec;

public sealed class SeparatorMapTests
{
    [Fact]
    public void Checksum_and_separator_bitmap_agree_with_a_byte_by_byte_reference_for_every_length_up_to_256()
    {
        var random = new Random(20261124);
        for (int length = 0; length <= 256; length++)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            for (int i = 0; i < length; i++)
            {
                // Plenty of separators, at random places.
                if (random.Next(4) == 0)
                {
                    bytes[i] = 1;
                }
            }

            var words = new uint[(length + 31) / 32];
            Array.Fill(words, 0xDEADBEEF);
            int checksum = FixChecksum.ComputeAndMarkSeparators(bytes, words);

            Assert.Equal(FixChecksum.ComputeScalar(bytes), checksum);
            for (int i = 0; i < words.Length * 32; i++)
            {
                bool expected = i < length && bytes[i] == 1;
                Assert.True(expected == ((words[i / 32] >> (i % 32) & 1) == 1), $"length {length}, byte {i}");
            }
        }
    }
}
