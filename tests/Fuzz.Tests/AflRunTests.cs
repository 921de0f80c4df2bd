using System.Diagnostics;
using GuiVirt.TestSupport;
using Xunit.Abstractions;

namespace GuiVirt.Fuzz.Tests;

/// <summary>
/// The short fuzz runs CI does: fuzz/run.sh instruments the target's assemblies and runs AFL++
/// over its corpus, a minute for the daemon and a quarter of one for the remote importer. No crash
/// or hang may be found, and AFL must really have run inputs.
/// </summary>
public class AflRunTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("daemon", 60)]
    [InlineData("remote", 15)]
    public async Task AShortAflRunFindsNoCrash(string target, int seconds)
    {
        string findings = Directory.CreateTempSubdirectory("guivirt-fuzz-").FullName;
        try
        {
            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = BuiltProgram.RepositoryRoot.FullName };
            start.ArgumentList.Add("fuzz/run.sh");
            start.ArgumentList.Add(seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            start.ArgumentList.Add(findings);
            start.ArgumentList.Add(target);
            start.Environment["FUZZ_NO_BUILD"] = "1"; // the harness was built with the tests
            using Process run = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10)); // a replay, the instrumenting and the run
            await using var killOnTimeout = timeout.Token.Register(() => run.Kill(entireProcessTree: true));
            Task<string> stderrRead = run.StandardError.ReadToEndAsync(timeout.Token);
            string stdout = await run.StandardOutput.ReadToEndAsync(timeout.Token);
            await run.WaitForExitAsync(timeout.Token);
            string stderr = await stderrRead;
            output.WriteLine(stdout);
            output.WriteLine(stderr);

            string statsFile = Path.Combine(findings, "default", "fuzzer_stats");
            Assert.True(File.Exists(statsFile), $"AFL did not run ({run.ExitCode}): {stderr}");
            Dictionary<string, string> stats = File.ReadAllLines(statsFile)
                .Select(line => line.Split(':', 2))
                .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim());
            output.WriteLine($"execs_done {stats["execs_done"]}, execs_per_sec {stats["execs_per_sec"]}, corpus_count {stats["corpus_count"]}, saved_crashes {stats["saved_crashes"]}, saved_hangs {stats["saved_hangs"]}");
            Assert.Equal("0", stats["saved_crashes"]);
            Assert.Equal("0", stats["saved_hangs"]);
            Assert.True(long.Parse(stats["execs_done"], System.Globalization.CultureInfo.InvariantCulture) > 0, "AFL ran no input");
            Assert.True(run.ExitCode == 0, $"fuzz/run.sh failed ({run.ExitCode}): {stderr}");
        }
        finally
        {
            Directory.Delete(findings, recursive: true);
        }
    }
}
