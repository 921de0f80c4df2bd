using System.Diagnostics;
using GuiVirt.EndToEndBench.Remote;

namespace GuiVirt.Bench.Tests;

/// <summary>
/// The remote benchmark's private sshd (the far side of a GuiVirt remote qube) behind the link
/// relay: a real `ssh` with the generated key and known-hosts file runs a command through it, and
/// the login costs the round trips SSH needs, so the link's delay is on the SSH path too; the
/// session has the environment the server was given (the far side's PATH in the benchmark).
/// </summary>
public sealed class SshServerTests
{
    [Fact]
    public void SshThroughTheRelayRunsACommandAndPaysTheLinksRoundTrips()
    {
        string directory = Directory.CreateTempSubdirectory("guivirt-ssh-test-").FullName;
        try
        {
            using var sshd = new SshServer(directory, new Dictionary<string, string> { ["GUIVIRT_BENCH_FAR"] = "far side" });
            var link = new LinkSpec("test", 100e6, TimeSpan.FromMilliseconds(40));
            using var relay = new LinkRelay(link, sshd.Endpoint);
            string[] command = [.. sshd.SshCommand(relay.Port), "-T", "echo \"$GUIVIRT_BENCH_FAR\""];
            var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string argument in command[1..])
            {
                start.ArgumentList.Add(argument);
            }

            var clock = Stopwatch.StartNew();
            using Process ssh = Process.Start(start)!;
            string output = ssh.StandardOutput.ReadToEnd(), errors = ssh.StandardError.ReadToEnd();
            Assert.True(ssh.WaitForExit(30_000), "ssh never ended");
            clock.Stop();
            Assert.True(ssh.ExitCode == 0, $"ssh failed (exit {ssh.ExitCode}): {errors}\nsshd:\n{sshd.Log}");
            Assert.Equal("far side\n", output);
            // Version exchange, key exchange, authentication, channel and command: at least 4 round trips.
            Assert.True(clock.Elapsed >= 4 * link.RoundTrip, $"ssh took {clock.Elapsed.TotalMilliseconds:F0} ms over a {link.RoundTrip.TotalMilliseconds} ms link");
            Assert.True(relay.BytesUp > 1000 && relay.BytesDown > 1000, $"relay carried {relay.BytesUp} B up, {relay.BytesDown} B down");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
