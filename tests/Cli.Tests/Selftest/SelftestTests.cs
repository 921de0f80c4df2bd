using GuiVirt.TestSupport;

namespace GuiVirt.Cli.Tests.Selftest;

/// <summary>`guivirt selftest` as a user runs it, on a machine without a display; run once for the class.</summary>
public sealed class SelftestRunFixture : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-selftest-test-").FullName;

    public SelftestRunFixture()
    {
        (ExitCode, Output, Errors) = GuivirtCli.RunIn(Path.Combine(_directory, "unused"), _directory, "selftest");
        Rows = [.. Output.Split('\n').Where(line => line.StartsWith("PASS ", StringComparison.Ordinal) || line.StartsWith("FAIL ", StringComparison.Ordinal))];
    }

    public int ExitCode { get; }

    public string Output { get; }

    public string Errors { get; }

    /// <summary>The table's rows: "PASS|FAIL  PROPERTY  CHECK: WHAT WAS SEEN".</summary>
    public IReadOnlyList<string> Rows { get; }

    public string Transcript => $"exit {ExitCode}\n{Output}\n{Errors}";

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

/// <summary>
/// The screenshot-isolation suite: each property the self-test proves is one test here, so CI
/// shows which one broke. The checks themselves live in GuiDaemon/Cli/Selftest, shared with users.
/// </summary>
public sealed class SelftestTests(SelftestRunFixture run) : IClassFixture<SelftestRunFixture>
{
    /// <summary>Each property of the isolation promise, and how many checks prove it at least.</summary>
    public static TheoryData<string, int> Properties => new()
    {
        { "setup", 1 },
        { "1 capture isolation", 4 },
        { "2 host fidelity", 6 },
        { "3 forgery", 6 },
        { "4 input isolation", 5 },
        { "5 clipboard isolation", 5 },
        { "6 killed qube", 1 },
        { "7 alpha floor", 1 },
    };

    [Theory]
    [MemberData(nameof(Properties))]
    public void EveryCheckOfThePropertyPasses(string property, int checks)
    {
        string[] rows = [.. run.Rows.Where(row => row[6..].TrimStart().StartsWith(property + "  ", StringComparison.Ordinal))];
        Assert.True(rows.Length >= checks, $"{rows.Length} checks of '{property}', expected {checks}:\n{run.Transcript}");
        Assert.All(rows, row => Assert.True(row.StartsWith("PASS ", StringComparison.Ordinal), $"{row}\n\n{run.Transcript}"));
    }

    [Fact]
    public void TheTableEndsWithTheCountAndExitZero()
    {
        Assert.True(run.ExitCode == 0, run.Transcript);
        Assert.Contains($"{run.Rows.Count} of {run.Rows.Count} checks passed in ", run.Output, StringComparison.Ordinal);
        Assert.Equal(30, run.Rows.Count); // with the title strip row, the alpha floor row and, Xephyr being in test.sh, the two-monitor row
    }
}
