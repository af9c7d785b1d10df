using System.Diagnostics;
using HybridMargin.Tests.Fix.Support;
using Xunit.Abstractions;
using Xunit.Sdk;
using static HybridMargin.Tests.Fix.BadInput.BadInputServer;

namespace HybridMargin.Tests.Fix.BadInput;

/// <summary>
/// Ten thousand and more seeded mutations of valid messages on one session, each followed by a TestRequest probe (or
/// the expected Logout and disconnect) so every answer is checked, while another session trades throughout.
/// </summary>
public sealed class MutationFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20_260_101;
    private const string Anchor = "ANCHOR";

    private static readonly (MutationClass Class, int Count)[] Plan =
    [
        (MutationClass.BadChecksum, 1100),
        (MutationClass.BadBodyLength, 1100),
        (MutationClass.Garbage, 1100),
        (MutationClass.HeaderOutOfOrder, 500),
        (MutationClass.DuplicateTag, 1000),
        (MutationClass.EmptyValue, 1000),
        (MutationClass.MissingRequiredTag, 1100),
        (MutationClass.NonNumeric, 900),
        (MutationClass.UndefinedEnum, 900),
        (MutationClass.InvalidMsgType, 700),
        (MutationClass.StaleResend, 400),
        (MutationClass.Trickled, 300),
        (MutationClass.DroppedMidMessage, 150),
        (MutationClass.Oversize, 12),
        (MutationClass.WrongBeginString, 12),
        (MutationClass.SeqTooLow, 12),
        (MutationClass.NoMsgSeqNum, 12),
    ];

    [Fact]
    public async Task Ten_thousand_mutated_messages_never_crash_the_acceptor_or_disturb_another_session()
    {
        var clock = Stopwatch.StartNew();
        var sink = new RecordingSink();
        await using var server = Start(sink);
        var mutator = new Mutator(Seed, Fuzz, FuzzAccount, Anchor, Limits.MaxMessageBytes);
        var schedule = Plan.SelectMany(p => Enumerable.Repeat(p.Class, p.Count)).ToArray();
        mutator.Random.Shuffle(schedule);
        Assert.True(schedule.Length >= 10_000);

        // The other session: valid orders, each accepted then cancelled, all the while.
        using var stop = new CancellationTokenSource();
        var steady = Task.Run(() => Trade(server, stop.Token));

        var fuzz = new ProbingClient(server, Fuzz);
        var validOrders = new List<string> { Anchor };
        var outcomes = new Dictionary<Outcome, int>();
        try
        {
            fuzz.Logon();
            PlaceOrder(fuzz, Anchor, FuzzAccount);
            for (int i = 0; i < schedule.Length; i++)
            {
                var mutation = mutator.Next(schedule[i], fuzz.NextSeq);
                outcomes[mutation.Outcome] = outcomes.GetValueOrDefault(mutation.Outcome) + 1;
                try
                {
                    fuzz = Apply(server, fuzz, mutation, validOrders);
                }
                catch (Exception error)
                {
                    throw new XunitException($"mutation #{i} {mutation}: {error.Message}", error);
                }

                Assert.False(steady.IsFaulted, $"the other session failed during mutation #{i} {mutation}: {steady.Exception}");
            }

            // The fuzzed session still works, for orders too; nothing late is pending on it.
            PlaceOrder(fuzz, "FINAL", FuzzAccount);
            validOrders.Add("FINAL");
            Assert.Empty(fuzz.Probe());
        }
        finally
        {
            await stop.CancelAsync();
            fuzz.Dispose();
        }

        int traded = await steady;
        var mutating = clock.Elapsed;

        // The server is still running: a new logon works.
        using (var secure = new ProbingClient(server, Secure))
        {
            secure.Logon(password: Password);
            Assert.Empty(secure.Probe());
        }

        AssertNoInternalErrors(server);
        Assert.True(server.Gate.IsRunning);

        // No mutated order was accepted: the gate (stopped, so its state and the venue's calls are final) holds exactly
        // the valid orders still open (the anchor and FINAL; the valid trickled ones and all the other session's were
        // cancelled), the venue saw only valid orders, nothing was replaced, and the anchor was never cancelled.
        Assert.Equal(2, OpenOrdersAfterStop(server, FuzzAccount));
        Assert.Equal(0, server.Gate.Engine.OpenOrderCount(server.Gate.Engine.FindAccount(SteadyAccount)));
        var engine = server.Gate.Engine;
        Assert.Equal(validOrders.Count, sink.Accepted.Count(o => o.Account == engine.FindAccount(FuzzAccount)));
        Assert.Equal(traded, sink.Accepted.Count(o => o.Account == engine.FindAccount(SteadyAccount)));
        Assert.Equal(sink.Accepted.Count, sink.Accepted.Select(o => (o.Account, o.OrderId)).Distinct().Count());
        Assert.Empty(sink.Replaced);
        Assert.Equal(validOrders.Count - 2 + traded, sink.Cancelled.Count);

        output.WriteLine($"{schedule.Length} mutations in {mutating.TotalSeconds:F1} s: "
            + string.Join(", ", Plan.Select(p => $"{p.Class} {p.Count}")));
        output.WriteLine("outcomes: " + string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}")));
        output.WriteLine($"valid orders on the fuzzed session: {validOrders.Count}; on the other session: {traded} placed and cancelled");
    }

    /// <summary>Sends one mutation and checks the acceptor's answer; returns the client to go on with (a new one after a disconnect).</summary>
    private static ProbingClient Apply(FixServer server, ProbingClient fuzz, Mutation mutation, List<string> validOrders)
    {
        int seq = fuzz.NextSeq;
        if (mutation.Trickle)
        {
            fuzz.SendTrickled(mutation.Bytes, mutation.PauseEvery);
        }
        else
        {
            fuzz.SendRaw(mutation.Bytes);
        }

        switch (mutation.Outcome)
        {
            case Outcome.Ignored:
                // Not counted: the probe at the same MsgSeqNum is answered, and nothing else is.
                Assert.Empty(fuzz.Probe());
                return fuzz;
            case Outcome.Rejected:
                fuzz.NextSeq = seq + 1;
                AssertReject(fuzz.Probe(), seq, mutation.Reason, mutation.RefTag);
                return fuzz;
            case Outcome.Processed:
                fuzz.NextSeq = seq + 1;
                if (mutation.ClOrdId is not null)
                {
                    var (report, before) = fuzz.Until("8", (11, mutation.ClOrdId));
                    Assert.Empty(before);
                    Assert.Equal("0", report.Get(150));
                    validOrders.Add(mutation.ClOrdId);
                    CancelOrder(fuzz, "C" + mutation.ClOrdId, mutation.ClOrdId);
                }
                else if (mutation.TestReqId is not null)
                {
                    Assert.Empty(fuzz.Until("0", (112, mutation.TestReqId)).Before);
                }

                Assert.Empty(fuzz.Probe());
                return fuzz;
            case Outcome.LoggedOut:
                AssertLogout(fuzz.UntilClosed(ProbingClient.Patience));
                fuzz.Dispose();
                return Reconnect(server, Fuzz);
            default:
                fuzz.Dispose();
                return Reconnect(server, Fuzz);
        }
    }

    /// <summary>The other session: order, wait for New, cancel, wait for Canceled, at most one order every 3 ms (MM1 may place 500 a second).</summary>
    private static int Trade(FixServer server, CancellationToken stop)
    {
        using var steady = new ProbingClient(server, Steady);
        steady.Logon();
        int n = 0;
        while (!stop.IsCancellationRequested)
        {
            string id = $"S{n}";
            PlaceOrder(steady, id, SteadyAccount);
            CancelOrder(steady, "C" + id, id);
            n++;
            Thread.Sleep(3);
        }

        Assert.Empty(steady.Probe());
        return n;
    }
}
