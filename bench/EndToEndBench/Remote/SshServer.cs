using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GuiVirt.EndToEndBench.Remote;

/// <summary>
/// A private OpenSSH server for the remote benchmark's far side: `sshd -D -e -f CONFIG` on
/// 127.0.0.1 at a free port, with a host key, a client key and an authorized_keys file generated in
/// <c>directory</c>; it lets in only that key, for the user running the benchmark (as root:
/// PermitRootLogin prohibit-password; StrictModes no, since the folder is a temporary one). The
/// host side reaches it through the link's relay with <see cref="SshCommand"/>, whose options say
/// which key and known-hosts file to use; <see cref="ClientConfig"/> holds the same for `ssh -F`.
/// Nothing of the machine's own sshd or ~/.ssh is read or written. <c>environment</c> is set in
/// every session (sshd's SetEnv): the far side's PATH and folders for whatever the session starts.
/// </summary>
internal sealed class SshServer : IDisposable
{
    private readonly Process _sshd;
    private readonly StringBuilder _log = new();

    public SshServer(string directory, IReadOnlyDictionary<string, string>? environment = null)
    {
        Folder = Directory.CreateDirectory(Path.Combine(directory, "ssh")).FullName;
        Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", HostKey);
        Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", ClientKey);
        File.Copy(ClientKey + ".pub", Path.Combine(Folder, "authorized_keys"));
        Port = FreePort();
        string config = Path.Combine(Folder, "sshd_config");
        File.WriteAllText(config, $"""
            Port {Port}
            ListenAddress 127.0.0.1
            HostKey {HostKey}
            PidFile none
            AuthorizedKeysFile {Path.Combine(Folder, "authorized_keys")}
            PermitRootLogin prohibit-password
            StrictModes no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            X11Forwarding no
            AllowTcpForwarding no
            PrintMotd no
            Subsystem sftp internal-sftp
            {SetEnv(environment)}
            """);
        // The known host is this server's key: nothing to accept on first use.
        File.WriteAllText(KnownHosts, $"[127.0.0.1]:* {File.ReadAllText(HostKey + ".pub").Trim()}\n");
        File.WriteAllText(ClientConfig, $"""
            Host *
              IdentityFile {ClientKey}
              IdentitiesOnly yes
              UserKnownHostsFile {KnownHosts}
              StrictHostKeyChecking yes
              BatchMode yes
              LogLevel ERROR

            """);
        if (Environment.UserName == "root" && !Directory.Exists("/run/sshd"))
        {
            // sshd's privilege separation folder, which the openssh-server package makes when its service starts.
            Directory.CreateDirectory("/run/sshd", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        var start = new ProcessStartInfo("/usr/sbin/sshd") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in (string[])["-D", "-e", "-f", config])
        {
            start.ArgumentList.Add(argument);
        }

        _sshd = Process.Start(start) ?? throw new InvalidOperationException("could not start sshd");
        _sshd.ErrorDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
        _sshd.OutputDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
        _sshd.BeginErrorReadLine();
        _sshd.BeginOutputReadLine();
        WaitListening();
    }

    public string Folder { get; }

    public int Port { get; }

    public int ProcessId => _sshd.Id;

    public IPEndPoint Endpoint => new(IPAddress.Loopback, Port);

    public string ClientKey => Path.Combine(Folder, "client_key");

    public string ClientConfig => Path.Combine(Folder, "ssh_config");

    private string HostKey => Path.Combine(Folder, "host_key");

    private string KnownHosts => Path.Combine(Folder, "known_hosts");

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>`ssh -F CONFIG -p PORT USER@127.0.0.1`: the client command through a relay at <paramref name="port"/>.</summary>
    public string[] SshCommand(int port) => ["ssh", "-F", ClientConfig, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{Environment.UserName}@127.0.0.1"];

    public void Dispose()
    {
        if (!_sshd.HasExited)
        {
            Tmds.Linux.LibC.kill(_sshd.Id, Tmds.Linux.LibC.SIGTERM);
            if (!_sshd.WaitForExit(5000))
            {
                _sshd.Kill();
            }
        }

        _sshd.WaitForExit();
        _sshd.Dispose();
    }

    private void WaitListening()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                probe.Connect(Endpoint);
                return;
            }
            catch (SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(20) && !_sshd.HasExited)
            {
                Thread.Sleep(50);
            }
            catch (SocketException)
            {
                throw new InvalidOperationException($"sshd never listened on 127.0.0.1:{Port} (openssh-server installed?):\n{Log}");
            }
        }
    }

    /// <summary>One SetEnv line (NAME="VALUE" ...), or nothing; values with a double quote or a newline are refused.</summary>
    private static string SetEnv(IReadOnlyDictionary<string, string>? environment)
    {
        if (environment is null || environment.Count == 0)
        {
            return "";
        }

        if (environment.Any(e => e.Key.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '_') || e.Value.Contains('"') || e.Value.Contains('\n')))
        {
            throw new ArgumentException("sshd's SetEnv takes NAME=VALUE with NAME of letters, digits and _ and VALUE without \" or a newline");
        }

        return "SetEnv " + string.Join(' ', environment.Select(e => $"\"{e.Key}={e.Value}\""));
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed (exit {process.ExitCode}): {output}");
        }
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
