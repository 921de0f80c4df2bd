using System.Text.RegularExpressions;
using GuiVirt.Daemon.Tests.Service;

namespace GuiVirt.Daemon.Tests.Copy;

/// <summary>
/// `guivirt copy` between real sandboxed qubes, as a user runs it: the files are made and hashed
/// inside the source qube with its own tools, copied, and hashed again inside the target
/// (`guivirt run --wait` and `guivirt logs`); the host never opens a file of either home. A
/// symbolic link, a directory and a missing file are refused; the policy denies one pair of qubes,
/// and that target is left without a trace; a name taken in the target gets a suffix.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class FileCopyTests : IDisposable
{
    private readonly string _config = Path.Combine(Directory.CreateTempSubdirectory("guivirt-copy-test-").FullName, "config.toml");
    private readonly ServiceRig _rig;

    public FileCopyTests()
    {
        File.WriteAllText(_config, "[[copy.rule]]\nfrom = \"src\"\nto = \"walled\"\naction = \"deny\"\n");
        _rig = new ServiceRig("--config", _config);
    }

    [Fact]
    public void TwoFilesArriveWholeLinksAndDirectoriesAreRefusedAndThePolicyHolds()
    {
        Start("src", "blue");
        Start("dst", "red");
        Start("walled", "gray");

        // Made in the source qube by its own tools: a megabyte of random bytes, a text file, a link to it.
        string made = Run("src", "head -c 1000000 /dev/urandom > random.bin && printf 'hello\\n' > notes.txt && ln -s notes.txt link.txt && sha256sum random.bin notes.txt");
        string randomHash = Hash(made, "random.bin"), notesHash = Hash(made, "notes.txt");

        (int code, string output, string errors) = Copy("src:random.bin", "src:/home/user/notes.txt", "dst");
        Assert.True(code == 0, $"guivirt copy: {code} {output}{errors}\n{_rig.Daemon.Log}");
        Assert.Contains("Copied 2 files (1000006 bytes) from src to dst", output, StringComparison.Ordinal);
        string arrived = Run("dst", "sha256sum Incoming/src/random.bin Incoming/src/notes.txt && stat -c '%s %F' Incoming/src/random.bin");
        Assert.Equal(randomHash, Hash(arrived, "Incoming/src/random.bin"));
        Assert.Equal(notesHash, Hash(arrived, "Incoming/src/notes.txt"));
        Assert.Contains("1000000 regular file", arrived, StringComparison.Ordinal);

        // Nothing is overwritten: the same name again gets a suffix, the first file stays.
        Assert.Equal(0, Copy("src:notes.txt", "dst").ExitCode);
        string again = Run("dst", "sha256sum Incoming/src/notes.txt Incoming/src/notes.txt.1");
        Assert.Equal(notesHash, Hash(again, "Incoming/src/notes.txt.1"));

        // A symbolic link is refused by the source's agent (O_NOFOLLOW), and nothing arrives.
        (code, _, errors) = Copy("src:link.txt", "dst");
        Assert.True(code == 1, $"a link was copied: {code} {errors}");
        Assert.Contains("did not send link.txt: it is a symbolic link", errors, StringComparison.Ordinal);
        (code, _, errors) = Copy("src:/tmp", "dst");
        Assert.Equal(1, code);
        Assert.Contains("it is a directory", errors, StringComparison.Ordinal);
        (code, _, errors) = Copy("src:no-such-file", "dst");
        Assert.Equal(1, code);
        Assert.Contains("no such file", errors, StringComparison.Ordinal);
        Assert.Equal("gone", Run("dst", "test -e Incoming/src/link.txt || test -e Incoming/src/tmp || test -e Incoming/src/no-such-file || echo gone").Trim().Split('\n')[^1]);

        // The policy denies src to walled: the source is asked nothing, the target gets nothing at all.
        (code, _, errors) = Copy("src:notes.txt", "walled");
        Assert.True(code == 1, $"a denied copy went through: {code} {errors}");
        Assert.Contains("the policy denies copying files from src to walled", errors, StringComparison.Ordinal);
        Assert.Equal("nothing", Run("walled", "test -e Incoming || echo nothing").Trim().Split('\n')[^1]);

        // What the command line refuses before asking the daemon, and what the daemon refuses.
        Assert.Equal(2, Copy("src:notes.txt").ExitCode); // no target
        Assert.Equal(2, Copy("src:notes.txt", "dst:x", "dst").ExitCode); // two source qubes
        (code, _, errors) = Copy("src:notes.txt", "nobody");
        Assert.Equal(1, code);
        Assert.Contains("no qube named 'nobody'", errors, StringComparison.Ordinal);
        Assert.Equal(1, Copy("src:notes.txt", "src").ExitCode); // into itself

        // The audit trail says what moved and what was refused, never a name or a byte of content.
        string[] audit = [.. _rig.Daemon.AuditLines.Where(line => line.Contains("\"file-copy\"", StringComparison.Ordinal))];
        Assert.Contains(audit, line => line.Contains("\"source\":\"src\",\"target\":\"dst\",\"bytes\":1000006,\"files\":2,\"result\":\"copied\"", StringComparison.Ordinal));
        Assert.Contains(audit, line => line.Contains("\"target\":\"walled\",\"bytes\":0,\"files\":0,\"result\":\"denied\"", StringComparison.Ordinal));
        Assert.Contains(audit, line => line.Contains("\"result\":\"refused\"", StringComparison.Ordinal));
        Assert.DoesNotContain(audit, line => line.Contains("notes", StringComparison.Ordinal));
        Assert.False(_rig.Daemon.HasExited);
    }

    [Fact]
    public void TheTargetNeverFollowsALinkPlantedInItsIncomingFolder()
    {
        Start("src", "blue");
        Start("dst", "red");
        Run("src", "printf 'payload\\n' > notes.txt");

        // An app of the target plants a link where the copy will land, to its own start-up file.
        Run("dst", "printf 'mine\\n' > .profile && mkdir -p Incoming/src && ln -s ../../.profile Incoming/src/notes.txt");
        (int code, string output, string errors) = Copy("src:notes.txt", "dst");
        Assert.True(code == 0, $"guivirt copy: {code} {output}{errors}\n{_rig.Daemon.Log}");
        string after = Run("dst", "cat .profile Incoming/src/notes.txt.1 && readlink Incoming/src/notes.txt");
        Assert.Equal(["mine", "payload", "../../.profile"], after.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => !line.StartsWith("[guivirt]", StringComparison.Ordinal)));

        // The Incoming folder itself a link to elsewhere: the target refuses to write through it.
        Run("dst", "rm -rf Incoming && mkdir elsewhere && ln -s elsewhere Incoming");
        (code, _, errors) = Copy("src:notes.txt", "dst");
        Assert.True(code == 1, $"a copy went through a planted folder link: {code} {errors}");
        Assert.Contains("qube dst could not write notes.txt", errors, StringComparison.Ordinal);
        Assert.Equal("empty", Run("dst", "[ -z \"$(ls -A elsewhere)\" ] && echo empty").Trim().Split('\n')[^1]);

        // Both qubes answered the cancel: the next copy works.
        Run("dst", "rm Incoming");
        (code, output, errors) = Copy("src:notes.txt", "dst");
        Assert.True(code == 0, $"the copy after a failed one: {code} {output}{errors}\n{_rig.Daemon.Log}");
    }

    public void Dispose()
    {
        foreach (string qube in (string[])["src", "dst", "walled"])
        {
            _ = _rig.Cli("stop", qube);
        }

        _rig.Dispose();
        Directory.Delete(Path.GetDirectoryName(_config)!, recursive: true);
    }

    private static string Hash(string sha256sumOutput, string file) =>
        Regex.Match(sha256sumOutput, $@"^([0-9a-f]{{64}})  {Regex.Escape(file)}$", RegexOptions.Multiline) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"no hash of {file} in:\n{sha256sumOutput}");

    private (int ExitCode, string Output, string Errors) Copy(params string[] arguments) => _rig.Cli(["copy", .. arguments]);

    /// <summary>Starts the qube and waits until its agent is connected (a copy needs both agents).</summary>
    private void Start(string qube, string label)
    {
        (int code, string output, string errors) = _rig.Cli("run", qube, "--label", label, "--wait", "--", "true");
        Assert.True(code == 0, $"guivirt run {qube}: {code} {output}{errors}\n{_rig.Daemon.Log}");
        _rig.Daemon.WaitForLog($"qube {qube} connected", 60);
    }

    /// <summary>Runs a shell command in the qube (in its home) and returns what it printed, read with `guivirt logs`.</summary>
    private string Run(string qube, string script)
    {
        string marker = $"end-of-{Guid.NewGuid():N}";
        int before = _rig.Cli("logs", qube).Output.Length;
        (int code, string output, string errors) = _rig.Cli("run", qube, "--wait", "--", "sh", "-c", $"cd \"$HOME\" && {{ {script}; }} && echo {marker}");
        string log = "";
        // The marker on a line of its own is the output's end (the "started" line quotes it after "echo ").
        _rig.WaitUntil(() => (log = _rig.Cli("logs", qube).Output).Contains("\n" + marker, StringComparison.Ordinal) || code != 0, 30, $"the output of {script} never reached the log of {qube}");
        Assert.True(code == 0, $"{script} in {qube}: {code} {output}{errors}\n{log}");
        return log[Math.Min(before, log.Length)..log.IndexOf("\n" + marker, StringComparison.Ordinal)];
    }
}
