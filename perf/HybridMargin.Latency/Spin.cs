using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using HybridMargin.Ring;

namespace HybridMargin.Latency;

/// <summary>What a spinning thread does between two reads of the line it waits on.</summary>
internal interface ISpin
{
    static abstract string Name { get; }

    static abstract void Once();
}

/// <summary>Nothing: re-read at once (the lowest wake-up delay; burns the core and the memory pipeline).</summary>
internal readonly struct TightSpin : ISpin
{
    public static string Name => "tight";

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Once()
    {
    }
}

/// <summary>One x86 PAUSE instruction (what a hand-written C spin loop does).</summary>
internal readonly struct PauseSpin : ISpin
{
    public static string Name => "pause";

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Once()
    {
        if (X86Base.IsSupported)
        {
            X86Base.Pause();
        }
    }
}

/// <summary><c>Thread.SpinWait(1)</c>: what the library's BusySpinWaitStrategy does between reads.</summary>
internal readonly struct SpinWaitSpin : ISpin
{
    public static string Name => "Thread.SpinWait(1)";

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Once() => Thread.SpinWait(1);
}

/// <summary>A stop flag shared by a measuring thread and its helper.</summary>
internal sealed class StopFlag
{
    private int _set;

    public bool IsSet => Volatile.Read(ref _set) != 0;

    public void Set() => Volatile.Write(ref _set, 1);
}

/// <summary>A long alone on its own cache lines (plus a timestamp on the same line, for one-way hops).</summary>
[StructLayout(LayoutKind.Explicit, Size = 192)]
internal struct PaddedCell
{
    [FieldOffset(64)]
    public long Value;

    [FieldOffset(72)]
    public long Stamp;
}

/// <summary>Box for a <see cref="PaddedCell"/> so two threads can share it by reference.</summary>
internal sealed class Cell
{
    public PaddedCell Line;
}

/// <summary>Threads for the measurements: named, background, pinned when asked.</summary>
internal static class Threads
{
    /// <summary>Runs <paramref name="body"/> on a new thread pinned to <paramref name="core"/> (null: not pinned).</summary>
    public static Thread Start(string name, int? core, Action body)
    {
        var thread = new Thread(() =>
        {
            if (core is int c && !ThreadAffinity.TryPinCurrentThread(c))
            {
                Console.Error.WriteLine($"warning: {name} could not be pinned to core {c}");
            }

            body();
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return thread;
    }

    public static void JoinAll(params Thread[] threads)
    {
        foreach (var t in threads)
        {
            t.Join();
        }
    }
}
