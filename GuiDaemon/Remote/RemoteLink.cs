using System.Diagnostics;
using System.Globalization;
using System.Text;
using GuiVirt.GuiDaemon.Sandbox;

namespace GuiVirt.GuiDaemon.Remote;

/// <summary>
/// A remote qube's link (docs/remote.md): the user's own `ssh -T` running `guivirt remote serve
/// QUBE` on the far machine, and `guivirt remote import` in a bubblewrap sandbox of its own (the
/// qubes' system-call filter and user, no network, nothing bound in but the qube's socket) that
/// decodes the stream and connects to the qube's socket as its agent. The daemon copies bytes between the two processes' pipes without
/// reading them: it gains no decoder. When either process ends, the other is ended, the qube's
/// socket closes, and the daemon removes the qube's windows as for any agent that leaves.
/// </summary>
public sealed class RemoteLink : IDisposable
{
    /// <summary>Where the qube's socket is inside the importer's sandbox.</summary>
    public const string InsideSocket = "/run/guivirt/qube.sock";

    private const string InsideProgram = "/opt/guivirt";

    /// <summary>The longest line of the importer's or ssh's standard error that is logged.</summary>
    private const int MaxLogLine = 300;

    private readonly Process _ssh;
    private readonly Process _importer;
    private readonly string _qube;
    private int _disposed;

    private RemoteLink(string qube, Process ssh, Process importer)
    {
        _qube = qube;
        _ssh = ssh;
        _importer = importer;
        Task down = Relay(ssh.StandardOutput.BaseStream, importer.StandardInput.BaseStream);
        Task up = Relay(importer.StandardOutput.BaseStream, ssh.StandardInput.BaseStream);
        _ = LogLines(importer.StandardError, "the importer");
        _ = LogLines(ssh.StandardError, "ssh");
        Ended = Task.WhenAny(down, up, ssh.WaitForExitAsync(), importer.WaitForExitAsync()).ContinueWith(_ => Dispose(), TaskScheduler.Default);
    }

    /// <summary>Completes when the link is over (either process ended, or Dispose).</summary>
    public Task Ended { get; }

    /// <summary>True until the link is over.</summary>
    public bool IsRunning => !Ended.IsCompleted && Volatile.Read(ref _disposed) == 0;

    /// <summary>The ssh client's process id (the tests kill it to cut the link).</summary>
    public int SshProcessId => _ssh.Id;

    /// <summary>
    /// Starts the link of <paramref name="qube"/> to <paramref name="host"/>: the importer first (it
    /// connects to <paramref name="socketPath"/>), then ssh. SandboxException names what is missing.
    /// </summary>
    public static RemoteLink Start(string qube, RemoteHost host, string socketPath, int screenWidth, int screenHeight, FarQubeSettings settings, string? sshConfig, string remoteGuivirt)
    {
        // With the qubes' system-call filter (bwrap --seccomp), started as a qube's sandbox is: the
        // importer decodes what the far machine sends, so it gets no more of the kernel than a qube.
        // Never as root: a root daemon's importer runs as the qubes' user, which owns the socket.
        QubeUser user = QubeUser.Current;
        user.OwnFile(socketPath);
        Process importer = SandboxLauncher.Start(descriptors =>
        {
            List<string> command = ImporterCommand(socketPath, descriptors.Filter, user);
            ProcessStartInfo start = Redirected(command[0], command[1..]);
            // Security: bwrap's pid 1 in the sandbox keeps the environment it was started with,
            // readable inside at /proc/1/environ (--clearenv cleans the importer's only): nothing of the daemon's.
            start.Environment.Clear();
            return start;
        });
        Process ssh;
        try
        {
            // The far login shell reads this line: a checked qube name, numbers and fixed words only.
            string remote = string.Create(CultureInfo.InvariantCulture, $"{remoteGuivirt} remote serve {qube} --screen {screenWidth}x{screenHeight} {string.Join(' ', settings.Arguments())}");
            ssh = StartProcess("ssh", SshArguments(host, sshConfig, remote), "ssh (Debian package openssh-client)");
        }
        catch
        {
            Kill(importer);
            throw;
        }

        return new RemoteLink(qube, ssh, importer);
    }

    /// <summary>
    /// Runs <paramref name="command"/> in the far qube (`guivirt remote run`), over its own ssh
    /// connection; the answer is the far side's line and exit status (127: not found).
    /// </summary>
    public static Task<(int Status, string Message)> RunAsync(RemoteHost host, string? sshConfig, string remoteGuivirt, string qube, IReadOnlyList<string> command, TimeSpan timeout) =>
        // ssh joins its arguments into one line for the far login shell: each word is quoted for it.
        FarCommandAsync(host, sshConfig, $"{remoteGuivirt} remote run {qube} -- {string.Join(' ', command.Select(ShellQuote))}", timeout);

    /// <summary>Stops the far qube (`guivirt remote stop`: its keeper ends every process in it), over its own ssh connection.</summary>
    public static Task<(int Status, string Message)> StopAsync(RemoteHost host, string? sshConfig, string remoteGuivirt, string qube, TimeSpan timeout) =>
        FarCommandAsync(host, sshConfig, $"{remoteGuivirt} remote stop {qube}", timeout);

    /// <summary>One far command over ssh: its exit status and its first words (its output, else its errors), bounded.</summary>
    private static async Task<(int Status, string Message)> FarCommandAsync(RemoteHost host, string? sshConfig, string remote, TimeSpan timeout)
    {
        using Process ssh = StartProcess("ssh", SshArguments(host, sshConfig, remote), "ssh (Debian package openssh-client)");
        ssh.StandardInput.Close();
        Task<string> output = ReadBounded(ssh.StandardOutput);
        Task<string> errors = ReadBounded(ssh.StandardError);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await ssh.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(ssh);
            return (1, $"the far side did not answer within {timeout.TotalSeconds} s");
        }

        string message = (await output.ConfigureAwait(false)).Trim();
        if (message.Length == 0)
        {
            message = (await errors.ConfigureAwait(false)).Trim();
        }

        return (ssh.ExitCode, message);
    }

    /// <summary>
    /// ssh as the user has it (their config and keys), without a terminal, never asking (BatchMode),
    /// and with nothing forwarded: the far side must not reach the host's agent, X server or ports.
    /// </summary>
    internal static List<string> SshArguments(RemoteHost host, string? sshConfig, string remoteCommand)
    {
        List<string> arguments = ["-T", "-o", "BatchMode=yes", "-o", "ForwardAgent=no", "-o", "ForwardX11=no", "-o", "ClearAllForwardings=yes", "-o", "ServerAliveInterval=1", "-o", "ServerAliveCountMax=1"];
        if (sshConfig is not null)
        {
            arguments.AddRange(["-F", sshConfig]);
        }

        if (host.Port is { } port)
        {
            arguments.AddRange(["-p", port.ToString(CultureInfo.InvariantCulture)]);
        }

        if (host.User is { } user)
        {
            arguments.AddRange(["-l", user]);
        }

        arguments.AddRange([host.Host, "--", remoteCommand]);
        return arguments;
    }

    /// <summary>
    /// The importer's whole command line: its bwrap (<see cref="ImporterArguments"/>), started
    /// directly by a normal user's daemon, and by a root daemon through the stage that drops to
    /// <paramref name="user"/> (<see cref="UserStage"/>), since the socket, guivirt's folder and the
    /// runtime may be below the daemon's closed folders.
    /// </summary>
    internal static List<string> ImporterCommand(string socketPath, int filterDescriptor, QubeUser user)
    {
        string programDirectory = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
        bool native = File.Exists(Path.Combine(programDirectory, "guivirt")) && !File.Exists(Path.Combine(programDirectory, "guivirt.dll"));
        if (!native)
        {
            programDirectory = ProgramLocation.Find("guivirt.dll", "Cli", "build Cli (dotnet build) or install guivirt");
        }

        string? dotnetRoot = native ? null : HostPrograms.DotnetRoot();
        string bwrap = HostPrograms.Bubblewrap();
        if (user.IsDaemonUser)
        {
            return [bwrap, .. ImporterArguments(socketPath, programDirectory, dotnetRoot, dotnetRoot, filterDescriptor)];
        }

        var socket = new UserStage.Bind(socketPath, "qube.sock", Writable: true);
        var program = new UserStage.Bind(programDirectory, "guivirt", Writable: false);
        var dotnet = new UserStage.Bind(dotnetRoot ?? "", "dotnet", Writable: false);
        bool stagesDotnet = dotnetRoot is not null && BwrapArguments.BindsDotnetRoot(dotnetRoot);
        return
        [
            .. UserStage.Words(user, stagesDotnet ? [socket, program, dotnet] : [socket, program]),
            bwrap,
            .. ImporterArguments(socket.StagedPath, program.StagedPath, dotnetRoot, stagesDotnet ? dotnet.StagedPath : dotnetRoot, filterDescriptor),
        ];
    }

    /// <summary>
    /// The importer's sandbox: every namespace unshared (no network), no capabilities, a new session,
    /// the qubes' system-call filter (read by bwrap from <paramref name="filterDescriptor"/>), the
    /// system read-only, guivirt itself (<paramref name="programDirectory"/>) read-only, and the
    /// qube's socket the only thing of the host that can be written. <paramref name="dotnetRoot"/>
    /// is the runtime as the importer sees it (null for the native program), bound from
    /// <paramref name="dotnetSource"/> when it is outside /usr.
    /// </summary>
    internal static List<string> ImporterArguments(string socketPath, string programDirectory, string? dotnetRoot, string? dotnetSource, int filterDescriptor)
    {
        List<string> arguments =
        [
            "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--clearenv",
            "--seccomp", filterDescriptor.ToString(CultureInfo.InvariantCulture),
            "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1",
            "--setenv", "DOTNET_EnableDiagnostics", "0", "--setenv", "XDG_RUNTIME_DIR", "/tmp",
            "--ro-bind", "/usr", "/usr",
        ];
        foreach (string top in (string[])["/bin", "/lib", "/lib32", "/lib64"])
        {
            var info = new FileInfo(top);
            if (info.LinkTarget is { } target)
            {
                arguments.AddRange(["--symlink", target, top]);
            }
            else if (Directory.Exists(top))
            {
                arguments.AddRange(["--ro-bind", top, top]);
            }
        }

        arguments.AddRange(["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--ro-bind", programDirectory, InsideProgram, "--bind", socketPath, InsideSocket]);
        if (dotnetRoot is null)
        {
            arguments.AddRange(["--", $"{InsideProgram}/guivirt", "remote", "import", InsideSocket]);
            return arguments;
        }

        if (BwrapArguments.BindsDotnetRoot(dotnetRoot))
        {
            arguments.AddRange(["--ro-bind", dotnetSource ?? dotnetRoot, dotnetRoot]);
        }

        arguments.AddRange(["--", Path.Combine(dotnetRoot, "dotnet"), $"{InsideProgram}/guivirt.dll", "remote", "import", InsideSocket]);
        return arguments;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Kill(_ssh);
            Kill(_importer);
            Log.Info($"qube {_qube}: its remote link is over");
        }
    }

    private static ProcessStartInfo Redirected(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static Process StartProcess(string program, List<string> arguments, string package)
    {
        ProcessStartInfo start = Redirected(program, arguments);
        try
        {
            return Process.Start(start) ?? throw new SandboxException($"{program} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new SandboxException($"cannot start {program}: {e.Message}; install {package}");
        }
    }

    private static async Task Relay(Stream from, Stream to)
    {
        byte[] buffer = new byte[256 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
                await to.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // One side went: the link is over.
        }
    }

    /// <summary>Logs what a process says on its standard error, one bounded, cleaned line at a time, at most 20 lines.</summary>
    private async Task LogLines(StreamReader reader, string who)
    {
        try
        {
            for (int lines = 0; await reader.ReadLineAsync().ConfigureAwait(false) is { } line;)
            {
                if (++lines <= 20)
                {
                    Log.Warning($"qube {_qube}: {who}: {Clean(line)}");
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
    }

    private static async Task<string> ReadBounded(StreamReader reader)
    {
        char[] buffer = new char[4096];
        int total = 0, read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(total)).ConfigureAwait(false)) > 0 && (total += read) < buffer.Length)
        {
        }

        await reader.BaseStream.CopyToAsync(Stream.Null).ConfigureAwait(false);
        return Clean(new string(buffer, 0, total));
    }

    private static string Clean(string text)
    {
        var clean = new StringBuilder(Math.Min(text.Length, MaxLogLine));
        foreach (char c in text.AsSpan(0, Math.Min(text.Length, MaxLogLine)))
        {
            clean.Append(c is >= ' ' and <= '~' ? c : '?');
        }

        return clean.ToString();
    }

    private static string ShellQuote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }
}
