// The daemon's fuzz harness. Under afl-fuzz (fuzz/run.sh) it reads inputs from AFL and runs
// each through the daemon's real message handling (DaemonHarness); by hand:
//   GuiVirt.DaemonFuzz --replay FILE-OR-DIR...   runs inputs once each and says how each ended
//   GuiVirt.DaemonFuzz --write-corpus DIR        writes the seed corpus (fuzz/corpus)
using GuiVirt.DaemonFuzz;
using GuiVirt.Protocol;
using SharpFuzz;

Console.SetError(TextWriter.Null); // the daemon's log lines (one per connection) would only slow the fuzzer

switch (args)
{
    case ["--write-corpus", var directory]:
        Seeds.WriteTo(directory);
        return 0;
    case ["--replay", .. var paths] when paths.Length > 0:
        return Replay(paths);
    case []:
        Fuzzer.Run(stream =>
        {
            using var input = new MemoryStream();
            stream.CopyTo(input);
            DaemonHarness.Run(input.GetBuffer().AsSpan(0, (int)input.Length));
        });
        return 0;
    default:
        Console.WriteLine("usage: GuiVirt.DaemonFuzz [--replay FILE-OR-DIR... | --write-corpus DIR]   (no argument: under afl-fuzz)");
        return 2;
}

static int Replay(string[] paths)
{
    int crashes = 0;
    foreach (string file in paths.SelectMany(path => Directory.Exists(path) ? Directory.GetFiles(path).Order(StringComparer.Ordinal) : (IEnumerable<string>)[path]))
    {
        try
        {
            DaemonHarness.Outcome outcome = DaemonHarness.Run(File.ReadAllBytes(file), out ProtocolViolationException? refusal);
            Console.WriteLine($"{file}: {outcome}{(refusal is null ? "" : $" ({refusal.Message})")}");
        }
        catch (Exception e)
        {
            crashes++;
            Console.WriteLine($"{file}: CRASH {e}");
        }
    }

    return crashes == 0 ? 0 : 1;
}
