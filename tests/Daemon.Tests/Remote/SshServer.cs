using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GuiVirt.TestSupport;

namespace GuiVirt.Daemon.Tests.Remote;

/// <summary>
/// A real OpenSSH sshd (Debian package openssh-server) on a loopback port, with a generated host
/// key and one authorized client key, all in a temporary folder; and the ssh client config that
/// reaches it with that key and knows its host key (BatchMode needs both). The far side's
/// sessions get their own XDG folders (SetEnv), so the far qube lives in the test's folder.
/// </summary>
internal sealed class SshServer : IDisposable
{
    private readonly Process _sshd;
    private readonly System.Text.StringBuilder _log = new();

    public SshServer(string directory)
    {
        Directory.CreateDirectory(directory);
        Folder = directory;
        FarDataHome = Path.Combine(directory, "far-data");
        FarRuntime = Path.Combine(directory, "far-run");
        Directory.CreateDirectory(FarDataHome);
        Directory.CreateDirectory(FarRuntime, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory("/run/sshd"); // sshd's privilege separation folder (root)
        KeyGen(Path.Combine(directory, "host_key"));
        KeyGen(Path.Combine(directory, "client_key"));
        File.Copy(Path.Combine(directory, "client_key.pub"), Path.Combine(directory, "authorized_keys"));
        Port = FreePort();
        string config = Path.Combine(directory, "sshd_config");
        File.WriteAllText(config, $"""
            Port {Port}
            ListenAddress 127.0.0.1
            HostKey {directory}/host_key
            AuthorizedKeysFile {directory}/authorized_keys
            PidFile {directory}/sshd.pid
            PermitRootLogin yes
            StrictModes no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            SetEnv XDG_DATA_HOME={FarDataHome} XDG_RUNTIME_DIR={FarRuntime}
            """);
        var start = new ProcessStartInfo("/usr/sbin/sshd") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string word in (string[])["-D", "-e", "-f", config])
        {
            start.ArgumentList.Add(word);
        }

        _sshd = Process.Start(start)!;
        _sshd.ErrorDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
        _sshd.OutputDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
        _sshd.BeginErrorReadLine();
        _sshd.BeginOutputReadLine();
        AlsoReachedAt(Port);
        ClientConfig = Path.Combine(directory, "ssh_config");
        File.WriteAllText(ClientConfig, $"""
            Host *
              IdentityFile {directory}/client_key
              IdentitiesOnly yes
              UserKnownHostsFile {directory}/known_hosts
              StrictHostKeyChecking yes
              # ssh's default: its own reason for ending (a keepalive timeout) reaches the daemon's log
              LogLevel INFO
            """);
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Listening())
        {
            Assert.True(DateTime.UtcNow < deadline && !_sshd.HasExited, $"sshd did not listen on port {Port}:\n{LogText}");
            Thread.Sleep(50);
        }
    }

    public string Folder { get; }

    public int Port { get; }

    public string ClientConfig { get; }

    /// <summary>The far side's $XDG_DATA_HOME (the far qube's home is below it).</summary>
    public string FarDataHome { get; }

    /// <summary>The far side's $XDG_RUNTIME_DIR (guivirt-remote/QUBE.log is the keeper's log).</summary>
    public string FarRuntime { get; }

    /// <summary>What sshd printed (-e: its log on standard error).</summary>
    public string LogText
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>What to give `guivirt run --host`.</summary>
    public string Host => $"root@127.0.0.1:{Port}";

    public void Dispose()
    {
        try
        {
            _sshd.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }

        _sshd.Dispose();
    }

    /// <summary>
    /// Trusts the server's host key on another loopback port too (a relay in front of sshd): ssh
    /// checks the key under "[127.0.0.1]:PORT", the port it dialled.
    /// </summary>
    public void AlsoReachedAt(int port)
    {
        string hostKey = File.ReadAllText(Path.Combine(Folder, "host_key.pub")).Trim();
        File.AppendAllText(Path.Combine(Folder, "known_hosts"), $"[127.0.0.1]:{port} {hostKey}\n");
    }

    private bool Listening()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void KeyGen(string path)
    {
        var start = new ProcessStartInfo("ssh-keygen") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string word in (string[])["-q", "-t", "ed25519", "-N", "", "-C", "guivirt-test", "-f", path])
        {
            start.ArgumentList.Add(word);
        }

        using Process process = Process.Start(start)!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
