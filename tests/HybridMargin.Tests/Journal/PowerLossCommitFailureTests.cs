using System.Collections.Concurrent;
using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Gate;
using HybridMargin.Journal;
using HybridMargin.Tests.Gate;
using Microsoft.Win32.SafeHandles;

namespace HybridMargin.Tests.Journal;

/// <summary>With power-loss durability a decision leaves only after its batch's fsync: a failed fsync releases none of the batch.</summary>
[Collection(HybridMargin.Tests.Ring.RingCollection.Name)]
public class PowerLossCommitFailureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static GateOptions PowerLoss(string directory, FailingFsync disk, int ringSize = 64, long maxFileBytes = 64L << 20, Func<string, long, SafeFileHandle>? createFile = null) => new()
    {
        RingSize = ringSize,
        WaitStrategy = WaitStrategyKind.Blocking,
        Journal = new JournalOptions
        {
            Directory = directory,
            SnapshotEveryEvents = 0,
            Durability = JournalDurability.PowerLoss,
            MaxFileBytes = maxFileBytes,
            CreateFile = createFile,
            FlushFile = disk.Flush,
        },
    };

    /// <summary>Submits order 1, a batch of its own, and returns once its commit has begun (and blocks until released).</summary>
    private static Order SubmitFirstAndHoldItsCommit(RiskGate gate, RecordingSink sink, FailingFsync disk)
    {
        var first = SampleOrders.Make(gate.Engine, 1, 0);
        Assert.True(gate.Submit(first, sink));
        Assert.True(disk.FirstCommitEntered.Wait(Timeout), "the first batch never reached its commit");
        return first;
    }

    [Fact]
    public async Task A_failed_group_commit_answers_every_order_of_its_batch_GateStopped_and_releases_none()
    {
        using var dir = new TempDirectory();
        var book = BookLoader.LoadSample();
        var disk = new FailingFsync();
        var reference = new RiskEngine(book);
        using var gate = new RiskGate(book, PowerLoss(dir.Path, disk));
        gate.Start();
        var sink = new RecordingSink();

        // Order 1's commit blocks until orders 2–5 are published behind it, so they are one batch.
        var first = SubmitFirstAndHoldItsCommit(gate, sink, disk);

        Decision? readBack = null;
        var submitter = new Thread(() => readBack = gate.Submit(SampleOrders.Make(gate.Engine, 2, 1))) { IsBackground = true };
        submitter.Start();
        Assert.True(SpinWait.SpinUntil(() => gate.Holds!.Sequences.Any(h => h.Value == 0), Timeout), "the synchronous submitter never claimed its slot");
        var awaited = gate.SubmitAsync(SampleOrders.Make(gate.Engine, 3, 2));
        Assert.True(gate.Submit(SampleOrders.Make(gate.Engine, 4, 3), sink));
        Assert.True(gate.Submit(SampleOrders.Make(gate.Engine, 5, 4), sink));
        disk.ReleaseFirstCommit();

        // The second batch's fsync fails: the risk stage faults, and none of orders 2–5 may leave as decided.
        Assert.True(submitter.Join(Timeout), "the synchronous submitter still waits");
        Assert.False(gate.Stop());
        var stopped = new Decision { Code = RejectCode.GateStopped };
        Assert.Equal(stopped with { ClientOrderId = 2 }, readBack);
        Assert.Equal(stopped with { ClientOrderId = 3 }, await awaited);
        Assert.Equal(stopped with { ClientOrderId = 4 }, sink.Decisions[4]);
        Assert.Equal(stopped with { ClientOrderId = 5 }, sink.Decisions[5]);

        // The first batch committed before the failure: its decision stands.
        Assert.Equal(reference.Evaluate(first), sink.Decisions[1]);
        Assert.Equal(3, sink.Decisions.Count);
        Assert.Equal(2, disk.Calls);
        var fault = Assert.IsType<IOException>(gate.Fault);
        Assert.Same(fault, gate.JournalFault);
        Assert.Contains("Input/output error", fault.Message);
    }

    [Fact]
    public void A_failed_group_commit_leaves_the_gate_refusing_everything_GateStopped()
    {
        using var dir = new TempDirectory();
        var disk = new FailingFsync(failFrom: 1, holdFirst: false);
        using var gate = new RiskGate(BookLoader.LoadSample(), PowerLoss(dir.Path, disk));
        gate.Start();

        var refused = gate.Submit(SampleOrders.Make(gate.Engine, 1, 0));
        Assert.Equal(RejectCode.GateStopped, refused.Code);
        Assert.True(SpinWait.SpinUntil(() => gate.Fault is not null, Timeout), "the stage did not fault on the failed fsync");
        Assert.Equal(RejectCode.GateStopped, gate.Submit(SampleOrders.Make(gate.Engine, 2, 1)).Code);
        Assert.False(gate.IsRunning);

        // Stop neither throws nor fsyncs again: after a failed fsync a later one proves nothing.
        Assert.False(gate.Stop());
        Assert.Equal(1, disk.Calls);
    }

    [Fact]
    public void A_journal_file_that_cannot_be_created_mid_batch_releases_none_of_the_batch()
    {
        using var dir = new TempDirectory();
        var book = BookLoader.LoadSample();
        var disk = new FailingFsync(failFrom: int.MaxValue);
        int files = 0;
        SafeFileHandle CreateOne(string path, long size) => ++files <= 1
            ? File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, FileOptions.None, size)
            : throw new IOException("No space left on device : '" + path + "'", 28);

        // A file of ten order records: the first batch's order and then `fit` more fill it exactly.
        var probe = SampleOrders.Make(new RiskEngine(book), 1, 0);
        const int perFile = 10;
        long fileBytes = JournalFile.HeaderSize + (perFile * JournalRecord.RecordSize(JournalEvent.ForOrder(probe)));
        int fit = perFile - 1;
        var options = PowerLoss(dir.Path, disk, ringSize: 1024, maxFileBytes: fileBytes, createFile: CreateOne);
        Assert.InRange(fit + 3, 3, options.RingSize);
        var reference = new RiskEngine(book);
        using var gate = new RiskGate(book, options);
        gate.Start();
        var sink = new RecordingSink();
        var first = SubmitFirstAndHoldItsCommit(gate, sink, disk);

        // One batch: `fit` orders fill the file, the next needs a new file the disk refuses, one more comes after it.
        for (int i = 1; i <= fit + 2; i++)
        {
            Assert.True(gate.Submit(SampleOrders.Make(gate.Engine, 1 + i, i), sink));
        }

        disk.ReleaseFirstCommit();
        Assert.True(SpinWait.SpinUntil(() => gate.Fault is not null, Timeout), "the stage did not fault");
        Assert.False(gate.Stop());

        Assert.Equal(reference.Evaluate(first), sink.Decisions[1]);
        for (long id = 2; id <= fit + 3; id++)
        {
            Assert.Equal(new Decision { Code = RejectCode.GateStopped, ClientOrderId = id }, sink.Decisions[id]);
        }

        Assert.Contains("No space left on device", gate.JournalFault?.Message);
        var fault = Assert.IsType<IOException>(gate.Fault);
        Assert.Same(gate.JournalFault, fault.InnerException);
    }

    [Fact]
    public void A_fill_waiting_for_a_slot_behind_a_failed_commit_gives_up_and_Stop_returns()
    {
        using var dir = new TempDirectory();
        var disk = new FailingFsync(failFrom: 1);

        // Not disposed by `using`: on a regression Stop would hang the test run instead of failing this test.
        var gate = new RiskGate(BookLoader.LoadSample(), PowerLoss(dir.Path, disk, ringSize: 16));
        gate.Start();
        var sink = new RecordingSink();
        SubmitFirstAndHoldItsCommit(gate, sink, disk);

        // Facts wait for a slot instead of being dropped: the 16th waits, behind an order whose commit will fail.
        int published = 0;
        bool? last = null;
        var producer = new Thread(() =>
        {
            for (int i = 0; i < 16; i++)
            {
                last = gate.Fill(0, 1_000 + i, 0.1, 100);
                if (last != true)
                {
                    return;
                }

                Interlocked.Increment(ref published);
            }
        })
        { IsBackground = true };
        producer.Start();
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref published) == 15, Timeout), "the ring did not fill");
        Assert.False(producer.Join(TimeSpan.FromMilliseconds(200)), "the 16th fill should wait for a slot");

        // The ring behind the failed stage never drains: the waiting fill is refused, and Stop (which waits for producers) returns.
        disk.ReleaseFirstCommit();
        Assert.True(producer.Join(Timeout), "the fill still waits for a slot no stage will ever free");
        Assert.False(last);
        bool? stopped = null;
        var stopper = new Thread(() => stopped = gate.Stop()) { IsBackground = true };
        stopper.Start();
        Assert.True(stopper.Join(Timeout), "Stop hangs");
        Assert.False(stopped);
        Assert.Equal(RejectCode.GateStopped, sink.Decisions[1].Code);
    }

    [Fact]
    public void A_failed_fsync_when_the_journal_closes_is_reported_not_thrown_out_of_Stop()
    {
        using var dir = new TempDirectory();
        var disk = new FailingFsync(failFrom: 1, holdFirst: false);
        var options = PowerLoss(dir.Path, disk) with { Journal = PowerLoss(dir.Path, disk).Journal! with { Durability = JournalDurability.ProcessCrash } };
        using var gate = new RiskGate(BookLoader.LoadSample(), options);
        gate.Start();
        Assert.Equal(RejectCode.None, gate.Submit(SampleOrders.Make(gate.Engine, 1, 0)).Code);

        Assert.True(gate.Stop());
        Assert.Equal(1, disk.Calls);
        Assert.Contains("Input/output error", Assert.IsType<IOException>(gate.JournalFault).Message);
    }

    /// <summary>
    /// The first fsync blocks until released when <c>holdFirst</c>; from call <c>failFrom</c> on every fsync fails as EIO
    /// does (after the hold, for the first).
    /// </summary>
    private sealed class FailingFsync(int failFrom = 2, bool holdFirst = true)
    {
        private readonly ManualResetEventSlim _release = new();
        private int _calls;

        public ManualResetEventSlim FirstCommitEntered { get; } = new();

        public int Calls => Volatile.Read(ref _calls);

        public void ReleaseFirstCommit() => _release.Set();

        public void Flush(SafeFileHandle handle)
        {
            int call = Interlocked.Increment(ref _calls);
            if (call == 1 && holdFirst)
            {
                FirstCommitEntered.Set();
                Assert.True(_release.Wait(Timeout), "the test never released the first commit");
            }

            if (call >= failFrom)
            {
                throw new IOException("Input/output error : fsync", 5);
            }

            RandomAccess.FlushToDisk(handle);
        }
    }

    private sealed class RecordingSink : IReplySink
    {
        public ConcurrentDictionary<long, Decision> Decisions { get; } = new();

        public void OnReply(in GateReply reply) => Assert.True(Decisions.TryAdd(reply.Decision.ClientOrderId, reply.Decision), $"order {reply.Decision.ClientOrderId} answered twice");
    }
}
