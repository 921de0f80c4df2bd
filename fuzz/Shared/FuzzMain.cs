// The command line both fuzz harnesses share (linked into each project):
//   no argument                  under afl-fuzz (fuzz/run.sh): each input from AFL through the harness
//   --replay FILE-OR-DIR...      runs inputs once each and says how each ended; exit 1 on a crash
//   --write-corpus DIR           writes the seed corpus
using SharpFuzz;

namespace GuiVirt.Fuzzing;

/// <summary>Runs one input; returns how it ended (for --replay); throws for a crash.</summary>
internal delegate string Harness(ReadOnlySpan<byte> input);

internal static class FuzzMain
{
    public static int Run(string[] args, string program, Harness harness, Action<string> writeCorpus)
    {
        switch (args)
        {
            case ["--write-corpus", var directory]:
                writeCorpus(directory);
                return 0;
            case ["--replay", .. var paths] when paths.Length > 0:
                return Replay(paths, harness);
            case []:
                Fuzzer.Run(stream =>
                {
                    using var input = new MemoryStream();
                    stream.CopyTo(input);
                    harness(input.GetBuffer().AsSpan(0, (int)input.Length));
                });
                return 0;
            default:
                Console.WriteLine($"usage: {program} [--replay FILE-OR-DIR... | --write-corpus DIR]   (no argument: under afl-fuzz)");
                return 2;
        }
    }

    private static int Replay(string[] paths, Harness harness)
    {
        int crashes = 0;
        foreach (string file in paths.SelectMany(path => Directory.Exists(path) ? Directory.GetFiles(path).Order(StringComparer.Ordinal) : (IEnumerable<string>)[path]))
        {
            try
            {
                Console.WriteLine($"{file}: {harness(File.ReadAllBytes(file))}");
            }
            catch (Exception e)
            {
                crashes++;
                Console.WriteLine($"{file}: CRASH {e}");
            }
        }

        return crashes == 0 ? 0 : 1;
    }
}
