using System.Globalization;
using HybridMargin.Ring;
using Xunit.Abstractions;

namespace HybridMargin.Tests.Ring;

/// <summary>
/// Pinning is proved by the kernel's own view: <c>Cpus_allowed_list</c> in <c>/proc/self/task/&lt;tid&gt;/status</c>.
/// Linux only: elsewhere the Linux tests return early (pinning there is a documented no-op, checked by
/// <see cref="Pinning_is_refused_off_Linux"/>). Every pin happens on a thread of the test's own, never on a
/// pool thread, so no pinned thread outlives its test.
/// </summary>
[Collection(RingCollection.Name)]
public sealed class ThreadAffinityTests
{
    private readonly ITestOutputHelper _output;

    public ThreadAffinityTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void Pinning_a_new_thread_restricts_it_to_that_core_in_proc_status()
    {
        if (!OperatingSystem.IsLinux())
        {
            _output.WriteLine("skipped: thread pinning is Linux-only");
            return;
        }

        foreach (int core in CoresToTest())
        {
            bool pinned = false;
            int tid = -1;
            int kernelTid = -2;
            string before = "";
            string after = "";
            Bounded.RunOnThread($"pin to core {core}", Bounded.Halt, () =>
            {
                tid = ThreadAffinity.CurrentThreadId();
                kernelTid = ThreadIdFromProc();
                before = ProcStatus.CpusAllowedList(tid);
                pinned = ThreadAffinity.TryPinCurrentThread(core);
                after = ProcStatus.CpusAllowedList(tid);
            });

            Assert.Equal(kernelTid, tid);
            Assert.True(pinned, $"TryPinCurrentThread({core}) returned false (thread allowed on {before})");
            Assert.Equal(core.ToString(CultureInfo.InvariantCulture), after);
            _output.WriteLine($"thread {tid}: Cpus_allowed_list {before} -> {after}");
        }

        // The test's own thread was never touched.
        Assert.Equal(ProcStatus.CpusAllowedList(null), ProcStatus.CpusAllowedList(ThreadAffinity.CurrentThreadId()));
    }

    [Fact]
    public void Processor_started_on_a_core_runs_its_handler_on_a_thread_pinned_to_it()
    {
        if (!OperatingSystem.IsLinux())
        {
            _output.WriteLine("skipped: thread pinning is Linux-only");
            return;
        }

        foreach (int core in CoresToTest())
        {
            var wait = new YieldingWaitStrategy();
            var sequencer = new SingleProducerSequencer<YieldingWaitStrategy>(8, wait);
            var ring = new RingBuffer<long>(8);
            var stage = new BatchEventProcessor<long, WhereAmI, YieldingWaitStrategy>(ring, new SequenceBarrier<YieldingWaitStrategy>(sequencer, wait), default);
            sequencer.SetGatingSequences(stage.Sequence);
            var thread = stage.Start($"ring-pinned-{core}", core);
            try
            {
                sequencer.Publish(sequencer.Next());
                Assert.True(stage.WaitUntilProcessed(0, Bounded.Long), $"the pinned stage did not handle its event (fault: {stage.Fault})");

                // The release-store of the stage's sequence makes the handler's fields visible here.
                int tid = stage.Handler.Tid;
                Assert.NotEqual(ThreadAffinity.CurrentThreadId(), tid);
                Assert.Equal(core.ToString(CultureInfo.InvariantCulture), stage.Handler.CpusAllowed);

                // And again from outside, while the stage's thread is still alive (waiting for the next event).
                Assert.Equal(core.ToString(CultureInfo.InvariantCulture), ProcStatus.CpusAllowedList(tid));
                _output.WriteLine($"stage pinned to core {core}: handler ran on thread {tid}, Cpus_allowed_list {stage.Handler.CpusAllowed}");
            }
            finally
            {
                Bounded.HaltWithin(stage, thread, $"stage pinned to core {core}");
            }
        }
    }

    [Fact]
    public void Pinning_to_a_core_the_process_cannot_use_fails_and_leaves_the_thread_as_it_was()
    {
        if (!OperatingSystem.IsLinux())
        {
            _output.WriteLine("skipped: thread pinning is Linux-only");
            return;
        }

        var allowed = ProcStatus.ParseCpuList(ProcStatus.CpusAllowedList(null));
        int outside = Enumerable.Range(0, 1024).Last(core => !allowed.Contains(core));
        var results = new Dictionary<int, bool>();
        string before = "";
        string after = "";
        Bounded.RunOnThread("pin to impossible cores", Bounded.Halt, () =>
        {
            int tid = ThreadAffinity.CurrentThreadId();
            before = ProcStatus.CpusAllowedList(tid);
            foreach (int core in new[] { -1, 1024, int.MaxValue, outside })
            {
                results[core] = ThreadAffinity.TryPinCurrentThread(core);
            }

            after = ProcStatus.CpusAllowedList(tid);
        });

        foreach (var (core, pinned) in results)
        {
            Assert.False(pinned, $"TryPinCurrentThread({core}) claimed success");
        }

        Assert.Equal(before, after);
    }

    [Fact]
    public void Pinning_is_refused_off_Linux()
    {
        if (OperatingSystem.IsLinux())
        {
            _output.WriteLine("skipped: on Linux pinning works (see the other tests)");
            return;
        }

        bool pinned = true;
        int tid = 0;
        Bounded.RunOnThread("pin off Linux", Bounded.Halt, () =>
        {
            pinned = ThreadAffinity.TryPinCurrentThread(0);
            tid = ThreadAffinity.CurrentThreadId();
        });
        Assert.False(pinned);
        Assert.Equal(-1, tid);
    }

    /// <summary>
    /// Cores 0 and 1 when the process may use them, as on the 2-core CI machine. Otherwise the first one or two
    /// cores the process is allowed on (a cpuset may exclude core 0), and only one when the process has one.
    /// </summary>
    private static List<int> CoresToTest()
    {
        var allowed = ProcStatus.ParseCpuList(ProcStatus.CpusAllowedList(null));
        Assert.NotEmpty(allowed);
        int count = Math.Min(Environment.ProcessorCount >= 2 ? 2 : 1, allowed.Count);
        return allowed.Take(count).ToList();
    }

    /// <summary>The calling thread's kernel id, independently of <see cref="ThreadAffinity.CurrentThreadId"/>: /proc/thread-self links to "&lt;pid&gt;/task/&lt;tid&gt;".</summary>
    private static int ThreadIdFromProc()
    {
        string target = new FileInfo("/proc/thread-self").LinkTarget ?? throw new InvalidOperationException("/proc/thread-self is not a link");
        return int.Parse(target[(target.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>Records the thread it runs on and that thread's allowed cores, as the kernel reports them.</summary>
    private struct WhereAmI : IEventHandler<long>
    {
        private int _tid;
        private string? _cpusAllowed;

        public readonly int Tid => _tid;

        public readonly string? CpusAllowed => _cpusAllowed;

        public void OnEvent(ref long data, long sequence, bool endOfBatch)
        {
            _tid = ThreadAffinity.CurrentThreadId();
            _cpusAllowed = ProcStatus.CpusAllowedList(_tid);
        }
    }
}
