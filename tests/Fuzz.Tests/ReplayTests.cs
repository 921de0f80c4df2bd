using GuiVirt.DaemonFuzz;

namespace GuiVirt.Fuzz.Tests;

/// <summary>
/// Every input in fuzz/corpus and fuzz/regressions, through the daemon's real message handling
/// (<see cref="DaemonHarness"/>), in this process: each is handled or refused as a protocol
/// violation. A regression file is an input that once crashed the daemon or broke an invariant.
/// </summary>
public class ReplayTests
{
    private static readonly string FuzzFolder = FuzzInputs.Folder;

    public static TheoryData<string> Inputs() => FuzzInputs.In("corpus", "regressions");

    [Theory]
    [MemberData(nameof(Inputs))]
    public void TheInputIsHandledOrRefused(string input)
    {
        // Throws (failing the test) for anything but a handled input or a protocol violation.
        DaemonHarness.Run(File.ReadAllBytes(Path.Combine(FuzzFolder, input)));
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void TheInputIsHandledOrRefusedInAnUpscaledQube(string input)
    {
        // upscale = 2: the same inputs through the scaled path (HostBoundsFor, TellQube, Put); the
        // in-memory host checks every scaled put against the frame's interior and that no scaler outlives its window.
        DaemonHarness.Run(File.ReadAllBytes(Path.Combine(FuzzFolder, input)), out _, upscale: 2);
    }

    [Fact]
    public void TheCorpusHasBothOutcomes()
    {
        // Seeds that are all refused (or all handled) would not show the fuzzer both sides.
        var outcomes = Directory.GetFiles(Path.Combine(FuzzFolder, "corpus")).Select(file => DaemonHarness.Run(File.ReadAllBytes(file))).ToList();
        Assert.Contains(DaemonHarness.Outcome.Handled, outcomes);
        Assert.Contains(DaemonHarness.Outcome.Refused, outcomes);
    }

    [Fact]
    public void TheCorpusHoldsEverySeedAsGenerated()
    {
        // When the protocol changes, regenerate: dotnet fuzz/DaemonFuzz/bin/Release/net10.0/GuiVirt.DaemonFuzz.dll --write-corpus fuzz/corpus
        foreach ((string name, byte[] input) in Seeds.All())
        {
            string path = Path.Combine(FuzzFolder, "corpus", name);
            Assert.True(File.Exists(path), $"fuzz/corpus/{name} is missing");
            Assert.True(input.AsSpan().SequenceEqual(File.ReadAllBytes(path)), $"fuzz/corpus/{name} is not what the seed generator writes now");
        }
    }
}
