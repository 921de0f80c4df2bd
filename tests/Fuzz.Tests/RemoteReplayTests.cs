using GuiVirt.RemoteFuzz;

namespace GuiVirt.Fuzz.Tests;

/// <summary>
/// Every input in fuzz/remote-corpus and fuzz/remote-regressions as the far side's stream through
/// the real importer (<see cref="RemoteHarness"/>), in this process: each ends cleanly or is
/// refused. A regression file is an input that once crashed or hung the importer.
/// </summary>
public class RemoteReplayTests
{
    public static TheoryData<string> Inputs() => FuzzInputs.In("remote-corpus", "remote-regressions");

    [Theory]
    [MemberData(nameof(Inputs))]
    public void TheInputEndsOrIsRefused(string input)
    {
        // Throws (failing the test) for anything but a clean end or a refusal of the stream.
        RemoteHarness.Run(FuzzInputs.Read(input));
    }

    [Fact]
    public void TheHonestSessionEndsAndEveryHostileSeedIsRefused()
    {
        // The honest seeds reach the end of the stream (past the checks the fuzzer mutates);
        // each hostile one is refused, as tests/Remote.Tests refuses it.
        string[] honest = ["hello-only", "hello-refused-by-the-daemon", "session"];
        foreach ((string name, byte[] input) in Seeds.All())
        {
            RemoteHarness.Outcome outcome = RemoteHarness.Run(input, out Exception? refusal);
            Assert.True(outcome == (honest.Contains(name) ? RemoteHarness.Outcome.Ended : RemoteHarness.Outcome.Refused), $"{name}: {outcome} {refusal?.Message}");
        }
    }

    [Fact]
    public void TheCorpusHoldsEverySeedAsGenerated()
    {
        // When the stream format changes, regenerate: dotnet fuzz/RemoteFuzz/bin/Release/net10.0/GuiVirt.RemoteFuzz.dll --write-corpus fuzz/remote-corpus
        string[] written = [.. Seeds.All().Select(seed => seed.Name).Order(StringComparer.Ordinal)];
        Assert.Equal(written, Directory.GetFiles(Path.Combine(FuzzInputs.Folder, "remote-corpus")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach ((string name, byte[] input) in Seeds.All())
        {
            Assert.True(input.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(FuzzInputs.Folder, "remote-corpus", name))), $"fuzz/remote-corpus/{name} is not what the seed generator writes now");
        }
    }
}
