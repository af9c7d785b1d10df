using System.Diagnostics;
using System.Runtime.InteropServices;

namespace HybridMargin.Ring;

/// <summary>
/// Pins the calling thread to one core with Linux <c>sched_setaffinity</c>. Elsewhere, or when the kernel
/// refuses (a core outside the process's cpuset), it leaves the thread as it is and says so through
/// <see cref="Trace"/>: pinning is an optimisation, never a reason not to run.
/// </summary>
public static partial class ThreadAffinity
{
    private const int MaskWords = 16; // 1,024 CPUs, the kernel's default CPU_SETSIZE.

    /// <summary>Pins the calling thread to <paramref name="core"/>; false (and a trace warning) when it could not.</summary>
    public static bool TryPinCurrentThread(int core)
    {
        if (!OperatingSystem.IsLinux())
        {
            Trace.TraceWarning($"thread pinning is only supported on Linux; thread {Environment.CurrentManagedThreadId} not pinned to core {core}");
            return false;
        }

        if ((uint)core >= MaskWords * 64)
        {
            Trace.TraceWarning($"core {core} is out of range; thread not pinned");
            return false;
        }

        Span<ulong> mask = stackalloc ulong[MaskWords];
        mask.Clear();
        mask[core / 64] = 1UL << (core % 64);
        int result = SchedSetAffinity(0, (nint)(MaskWords * sizeof(ulong)), ref MemoryMarshal.GetReference(mask));
        if (result != 0)
        {
            Trace.TraceWarning($"sched_setaffinity(core {core}) failed with errno {Marshal.GetLastPInvokeError()}; thread not pinned");
            return false;
        }

        return true;
    }

    /// <summary>The kernel thread id of the calling thread (what <c>/proc/self/task/&lt;tid&gt;</c> names); -1 off Linux.</summary>
    public static int CurrentThreadId() => OperatingSystem.IsLinux() ? GetTid() : -1;

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static partial int SchedSetAffinity(int pid, nint cpuSetSize, ref ulong mask);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();
}
