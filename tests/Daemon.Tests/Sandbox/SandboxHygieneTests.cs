using System.Globalization;
using GuiVirt.GuiDaemon.Sandbox;
using GuiVirt.TestSupport;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>
/// What a qube inherits from the daemon: its environment (through bubblewrap's own, which its pid 1
/// keeps) and its session keyring. Each test first shows the leak in <see cref="UnfilteredSandbox"/>
/// (the same sandbox started as before), then that a real qube has none of it.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class SandboxHygieneTests : IDisposable
{
    private const string MarkerVariable = "GUIVIRT_TEST_DAEMON_SECRET";

    private readonly QubeRig _rig = new();

    public void Dispose() => _rig.Dispose();

    [Fact]
    public void NoProcessInTheQubeHasAVariableOfTheDaemonsEnvironment()
    {
        string secret = "daemon-secret-" + Guid.NewGuid().ToString("N");
        const string Script = """
            for environ in /proc/[0-9]*/environ; do
                tr '\0' '\n' < "$environ" 2>/dev/null && echo "read $environ"
            done > /tmp/environments
            printf 'pid 1: %s bytes\n' "$(wc -c < /proc/1/environ)"
            printf 'read: %s\n' "$(grep -c '^read ' /tmp/environments)"
            printf 'display: %s\n' "$(grep -c '^DISPLAY=:0$' /tmp/environments)"
            printf 'secret: %s\n' "$(grep -c "$1" /tmp/environments)"
            """;
        Environment.SetEnvironmentVariable(MarkerVariable, secret);
        try
        {
            // The control: bwrap started with the daemon's environment keeps it in its pid 1.
            string unfiltered = UnfilteredSandbox.Run(_rig.SpecOf("a"), $"set -- {secret}\n{Script}");
            Assert.Matches(@"secret: [1-9]", unfiltered);

            QubeSandbox a = _rig.Start("a");
            string inQube = _rig.RunForResult(a, "a", "environments", Script, secret);
            Dictionary<string, string> found = inQube.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(": ")).ToDictionary(pair => pair[0], pair => pair[1]);

            // Read the environment of bwrap's pid 1, the init, Xvfb, the agent and this command: all
            // readable (the init's DISPLAY is there), and the secret in none.
            Assert.True(int.Parse(found["read"], CultureInfo.InvariantCulture) >= 5, inQube);
            Assert.NotEqual("0", found["display"]);
            Assert.Equal("0 bytes", found["pid 1"]);
            Assert.Equal("0", found["secret"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(MarkerVariable, null);
        }
    }

    [Fact]
    public void AQubeOfARealDaemonDoesNotHoldTheDaemonsSessionKeyringAndCannotReadItsKeys()
    {
        // A thread of its own stands for the user's login session: it joins a session keyring with two
        // keys, one its user may read (keyctl's default permissions), one only a process that possesses
        // the keyring may see. A daemon started from it inherits that keyring in every thread, as a
        // daemon started from a desktop session inherits the session's.
        Exception? failure = null;
        var session = new Thread(() =>
        {
            try
            {
                QubeOfADaemonInThisSession();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        session.Start();
        session.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    private void QubeOfADaemonInThisSession()
    {
        string name = "guivirt-test-" + Guid.NewGuid().ToString("N");
        long keyring = TestKeyring.JoinNamedSession(name);
        long possessedKey = TestKeyring.AddUserKey(name + "-possessed", "possessed secret");
        TestKeyring.SetPermissions(possessedKey, TestKeyring.PossessorOnly);
        string data = Path.Combine(Path.GetDirectoryName(_rig.HomeOf("a"))!, "keyring-daemon-data");
        string home = QubePaths.Home("k", data);
        SyscallProbe.CompileInto(home);
        // The key only a possessor may read: reading it proves the sandbox holds the session's keyring
        // (/proc/keys cannot tell, for a qube's user namespace hides keys of unmapped users).
        string script = $"{SyscallProbe.Script("key-scratch", possessedKey)} | grep -E '^keyctl'";
        try
        {
            // The control: a sandbox started by a thread of this session possesses its keyring: it
            // reads the possessed key.
            var spec = new SandboxSpec("k", _rig.Daemon.SocketOf("a"), home, 800, 600);
            string[] unfiltered = UnfilteredSandbox.Run(spec, script).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["keyctl 0", "keyctl-read-key 0"], unfiltered);

            // A qube the daemon starts holds a fresh keyring of its own, so no key of the session's is
            // possessed; and keyctl is refused, so not even the key its user may read can be read.
            using var host = new XvfbServer(800, 600);
            string sockets = Path.Combine(data, "sockets");
            using var daemon = new DaemonProcess(host.Display, sockets, new Dictionary<string, string?> { ["XDG_DATA_HOME"] = data }, [], "k:green");
            daemon.SocketOf("control");
            string result = Path.Combine(home, "keys");
            (int code, _, string errors) = GuivirtCli.Run(sockets, "run", "k", "--", "sh", "-c", $"{{ {script}; }} > /home/user/keys.part; mv /home/user/keys.part /home/user/keys");
            Assert.True(code == 0, errors + daemon.Log);
            Assert.Equal("keyctl 1\nkeyctl-read-key 1\n", QubeRig.WaitForFile(result));
            Assert.Equal(keyring, TestKeyring.SessionSerial()); // the session's own keyring is as it was
        }
        finally
        {
            TestKeyring.RevokeKey(possessedKey);
        }
    }

    [Fact]
    public void EveryQubeStartJoinsANewSessionKeyringOnlyOnTheThreadThatStartsIt()
    {
        long before = TestKeyring.SessionSerial();
        long first = 0, second = 0;
        var thread = new Thread(() =>
        {
            SessionKeyring.JoinNewForNextQube();
            first = TestKeyring.SessionSerial();
            SessionKeyring.JoinNewForNextQube();
            second = TestKeyring.SessionSerial();
        });
        thread.Start();
        thread.Join();

        Assert.NotEqual(before, first);
        Assert.NotEqual(first, second);
        Assert.Equal(before, TestKeyring.SessionSerial()); // credentials are per thread: this one kept its keyring
    }
}
