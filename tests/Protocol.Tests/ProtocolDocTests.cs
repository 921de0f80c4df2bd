using System.Globalization;
using System.Text.RegularExpressions;

namespace GuiVirt.Protocol.Tests;

/// <summary>
/// Keeps docs/protocol.md, the normative specification, in step with the code: its message
/// table must say exactly what <see cref="MessageTypes"/> enforces, and it must name every
/// <see cref="ProtocolViolation"/>.
/// </summary>
public class ProtocolDocTests
{
    private const string MessageTableHeader = "| id | name | direction | body bytes | window | fds |";

    [Fact]
    public void MessageTableMatchesMessageTypes()
    {
        List<string[]> rows = MessageTableRows(ReadSpec());
        var problems = new List<string>();
        var seen = new HashSet<uint>();

        foreach (string[] cells in rows)
        {
            string row = string.Join(" | ", cells);
            if (!uint.TryParse(cells[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint id))
            {
                problems.Add($"not an id: {row}");
                continue;
            }

            if (!seen.Add(id))
            {
                problems.Add($"id {id} listed twice");
            }

            var type = (MessageType)id;
            if (!MessageTypes.All.Contains(type))
            {
                problems.Add($"id {id} is not in MessageTypes.All: {row}");
                continue;
            }

            if (cells[1].Length == 0)
            {
                problems.Add($"{type}: no name");
            }

            string direction = (MessageTypes.MaySend(type, PeerRole.Agent), MessageTypes.MaySend(type, PeerRole.Daemon)) switch
            {
                (true, true) => "both",
                (true, false) => "agent→daemon",
                (false, true) => "daemon→agent",
                _ => "nobody",
            };
            Expect(type, "direction", direction, cells[2]);

            string body = MessageTypes.FixedBodySize(type) is int size
                ? size.ToString(CultureInfo.InvariantCulture)
                : "0.." + MessageTypes.MaxBodySize(type).ToString(CultureInfo.InvariantCulture);
            Expect(type, "body bytes", body, cells[3]);

            Expect(type, "window", MessageTypes.AddressesWindow(type) ? "window" : "0", cells[4]);
            Expect(type, "fds", MessageTypes.FdCount(type).ToString(CultureInfo.InvariantCulture), cells[5]);
        }

        foreach (MessageType type in MessageTypes.All.Where(t => !seen.Contains((uint)t)))
        {
            problems.Add($"{type} ({(uint)type}) is missing from the message table");
        }

        Assert.True(rows.Count > 0, "docs/protocol.md has no message table starting with " + MessageTableHeader);
        Assert.True(problems.Count == 0, "docs/protocol.md disagrees with MessageTypes:\n" + string.Join("\n", problems));

        void Expect(MessageType type, string column, string expected, string documented)
        {
            if (documented != expected)
            {
                problems.Add($"{type} ({(uint)type}): {column} is '{documented}' in the doc, '{expected}' in the code");
            }
        }
    }

    [Fact]
    public void EveryViolationIsDocumented()
    {
        string spec = ReadSpec();
        var missing = Enum.GetNames<ProtocolViolation>()
            .Where(name => !Regex.IsMatch(spec, $@"\b{name}\b", RegexOptions.CultureInvariant))
            .ToList();
        Assert.True(missing.Count == 0, "docs/protocol.md does not mention: " + string.Join(", ", missing));
    }

    /// <summary>
    /// The data rows of the message table: the lines after its header (and the separator line)
    /// that start with "| " and a digit, up to the first line that is not a table row. The first
    /// six cells of each, trimmed.
    /// </summary>
    private static List<string[]> MessageTableRows(string spec)
    {
        string[] lines = spec.ReplaceLineEndings("\n").Split('\n');
        int header = Array.FindIndex(lines, line => line.Trim().StartsWith(MessageTableHeader, StringComparison.Ordinal));
        var rows = new List<string[]>();
        if (header < 0)
        {
            return rows;
        }

        for (int i = header + 1; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (!line.StartsWith('|'))
            {
                break; // the table ends at the first line that is not a row
            }

            if (line.Length > 2 && line.StartsWith("| ", StringComparison.Ordinal) && char.IsAsciiDigit(line[2]))
            {
                string[] cells = line.Split('|').Skip(1).Select(cell => cell.Trim()).ToArray();
                Assert.True(cells.Length >= 6, $"message table row with fewer than six cells: {line}");
                rows.Add(cells[..6]);
            }
        }

        return rows;
    }

    private static string ReadSpec()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GuiVirt.sln")))
            {
                string path = Path.Combine(directory.FullName, "docs", "protocol.md");
                Assert.True(File.Exists(path), $"{path} does not exist");
                return File.ReadAllText(path);
            }
        }

        throw new InvalidOperationException($"no GuiVirt.sln above {AppContext.BaseDirectory}");
    }
}
