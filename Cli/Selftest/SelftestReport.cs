namespace GuiVirt.Cli.Selftest;

/// <summary>One check's result: whether it held, and what was seen, in numbers where there are some.</summary>
internal readonly record struct Outcome(bool Passed, string Detail)
{
    public static Outcome Expect(bool holds, string detail) => new(holds, detail);
}

/// <summary>The pass/fail table, printed a row at a time as the checks finish.</summary>
internal sealed class SelftestReport(TextWriter output)
{
    private readonly List<(string Property, string Check, Outcome Outcome)> _rows = [];

    public int Passed => _rows.Count(row => row.Outcome.Passed);

    public int Failed => _rows.Count - Passed - Skipped;

    /// <summary>Checks this host cannot run (a missing optional tool), each with its reason: neither passed nor failed.</summary>
    public int Skipped { get; private set; }

    public void PrintHeader() => output.WriteLine($"{"RESULT",-6}  {"PROPERTY",-22}  CHECK: WHAT WAS SEEN");

    /// <summary>Runs one check. An exception is that check's failure (with its message), never the end of the run.</summary>
    public void Check(string property, string check, Func<Outcome> run)
    {
        Outcome outcome;
        try
        {
            outcome = run();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            outcome = new Outcome(false, $"{e.GetType().Name}: {e.Message}");
        }

        _rows.Add((property, check, outcome));
        output.WriteLine($"{(outcome.Passed ? "PASS" : "FAIL"),-6}  {property,-22}  {check}: {outcome.Detail}");
    }

    /// <summary>A check this host cannot run, printed as SKIP with the reason (such as the Debian package to install).</summary>
    public void Skip(string property, string check, string reason)
    {
        Skipped++;
        output.WriteLine($"{"SKIP",-6}  {property,-22}  {check}: {reason}");
    }

    /// <summary>A step every later check needs failed: the checks it would have run fail with the reason.</summary>
    public void NotRun(string property, string check, string reason) => Check(property, check, () => new Outcome(false, $"not run: {reason}"));
}
