using System.Text.RegularExpressions;
using GuiVirt.TestSupport;

namespace GuiVirt.Daemon.Tests.Session;

/// <summary>GuiDaemon/Session/README.md lists every file of the folder that handles a qube's values, with its true line count.</summary>
public sealed partial class SessionReadmeTests
{
    [Fact]
    public void TheReadmeListsEveryFileWithItsLineCount()
    {
        string folder = Path.Combine(BuiltProgram.RepositoryRoot.FullName, "GuiDaemon", "Session");
        Dictionary<string, int> listed = Row().Matches(File.ReadAllText(Path.Combine(folder, "README.md")))
            .ToDictionary(m => m.Groups["file"].Value, m => int.Parse(m.Groups["lines"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Dictionary<string, int> actual = Directory.GetFiles(folder, "*.cs")
            .ToDictionary(path => Path.GetFileName(path), path => File.ReadAllLines(path).Length);

        Assert.NotEmpty(actual);
        Assert.Equal(actual.Keys.Order(), listed.Keys.Order());
        Assert.All(actual, file => Assert.True(listed[file.Key] == file.Value, $"{file.Key} has {file.Value} lines; the README says {listed[file.Key]}"));
    }

    [GeneratedRegex(@"^\| `(?<file>[\w.]+\.cs)` \| (?<lines>\d+) \|", RegexOptions.Multiline)]
    private static partial Regex Row();
}
