using HybridMargin.Books;
using HybridMargin.Journal;
using HybridMargin.Tests.Journal;

namespace HybridMargin.Tests.Cli;

public class RecoverCommandTests
{
    [Fact]
    public void Recover_reports_a_stopped_demos_journal_and_writes_the_state_a_fresh_replay_reaches()
    {
        using var dir = new TempDirectory();
        string journal = Path.Combine(dir.Path, "journal");
        string state = Path.Combine(dir.Path, "state.bin");
        var demo = HmProcess.Run("demo", "--journal", journal, "--duration", "1", "--rate", "400", "--snapshot-every", "500");
        Assert.True(demo.ExitCode == 0, demo.Stderr);
        Assert.Contains("recovered from the book + 0 journalled events", demo.Stderr, StringComparison.Ordinal);
        Assert.Contains("Journal: " + journal, demo.Stdout, StringComparison.Ordinal);

        var (code, stdout, stderr) = HmProcess.Run("recover", "--journal", journal, "--state-out", state);

        Assert.True(code == 0, stderr);
        Assert.Contains("; clean end", stdout, StringComparison.Ordinal);
        Assert.Contains("recovered from snapshot-", stdout, StringComparison.Ordinal);
        Assert.Equal(JournalReplay.FromScratch(BookLoader.LoadSample(), journal).Engine.CaptureState(), File.ReadAllBytes(state));
    }

    [Fact]
    public void Recover_refuses_a_missing_directory_with_exit_code_1()
    {
        using var dir = new TempDirectory();

        var (code, _, stderr) = HmProcess.Run("recover", "--journal", Path.Combine(dir.Path, "absent"));

        Assert.Equal(1, code);
        Assert.Contains("no such journal directory", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Recover_refuses_a_journal_whose_start_no_snapshot_covers_with_exit_code_1()
    {
        using var dir = new TempDirectory();
        using (var writer = new JournalWriter(new JournalWriterOptions { Directory = dir.Path, MaxFileBytes = 64 << 10, FirstSequence = 5 }))
        {
            writer.Append(JournalEvent.ForMark(0, 90_000, 1_700_000_000_000_000_000));
        }

        var (code, _, stderr) = HmProcess.Run("recover", "--journal", dir.Path);

        Assert.Equal(1, code);
        Assert.Contains("cannot recover", stderr, StringComparison.Ordinal);
        Assert.Contains("starts at sequence 5", stderr, StringComparison.Ordinal);
    }
}
