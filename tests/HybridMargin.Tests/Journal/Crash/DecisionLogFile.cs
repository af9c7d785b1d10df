using System.Globalization;
using HybridMargin.Engine;

namespace HybridMargin.Tests.Journal.Crash;

/// <summary>Reads an <c>hm demo --decision-log</c> file: complete lines only (a kill can cut the last one short).</summary>
internal static class DecisionLogFile
{
    public static (List<(int Account, long ClientOrderId, RejectCode Code)> Lines, bool PartialLast) Read(string path)
    {
        string text = File.ReadAllText(path);
        int end = text.LastIndexOf('\n');
        var lines = new List<(int, long, RejectCode)>();
        foreach (string line in text[..(end + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = line.Split(' ');
            if (parts.Length != 3
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int account)
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long id)
                || !Enum.TryParse(parts[2], out RejectCode code))
            {
                throw new InvalidDataException($"{path}: malformed complete line '{line}'");
            }

            lines.Add((account, id, code));
        }

        return (lines, end + 1 < text.Length);
    }
}
