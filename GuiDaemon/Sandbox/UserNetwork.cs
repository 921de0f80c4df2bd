using System.Diagnostics;
using System.Globalization;
using System.Text;
using GuiVirt.GuiDaemon.Interop;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// The network of a qube with network "user": pasta (Debian package passt), started by the daemon,
/// outside the qube, attached to the qube's own network namespace (the one bwrap made: the qube
/// keeps it, so the host X server's abstract socket stays out of reach). pasta gives the namespace
/// an interface with the host's address and routes and carries the qube's TCP and UDP over
/// ordinary sockets of the host. What it must never carry is set on its command line (<see cref="Arguments"/>):
/// nothing to the host's loopback, no port of the host forwarded in, no port of the qube forwarded
/// out. pasta runs as the qube's host user (never root), sandboxes itself (namespaces, seccomp, no
/// capabilities), and is stopped with the qube.
/// </summary>
internal sealed class UserNetwork : IDisposable
{
    /// <summary>The address of pasta's DNS forwarder in the qube: queries to it go to the host's first resolver.</summary>
    public const string DnsAddress = "169.254.0.53";

    /// <summary>The qube's resolv.conf: one line, fixed, public.</summary>
    public const string ResolvConf = $"nameserver {DnsAddress}\n";

    private const int TailChars = 2000;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly StringBuilder _tail = new();
    private readonly Lock _lock = new();
    private bool _disposed;

    private UserNetwork(Process process)
    {
        _process = process;
        ProcessId = process.Id;
        process.ErrorDataReceived += (_, line) => Note(line.Data);
        process.OutputDataReceived += (_, line) => Note(line.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
    }

    /// <summary>pasta's process on the host.</summary>
    public int ProcessId { get; }

    /// <summary>
    /// Where the qube's resolv.conf is bound: /etc/resolv.conf, or where it points when it is a
    /// link (systemd-resolved's is one, into /run, which is the qube's own tmpfs).
    /// </summary>
    public static string ResolvConfPath()
    {
        const string Etc = "/etc/resolv.conf";
        return new FileInfo(Etc).LinkTarget is null ? Etc : File.ResolveLinkTarget(Etc, returnFinalTarget: true)?.FullName ?? Etc;
    }

    /// <summary>
    /// Attaches a network to the running sandbox whose first process is <paramref name="sandboxProcessId"/>
    /// and returns once the qube's namespace has its default route. SandboxException when pasta is
    /// missing, exits or is not ready in time (with what it said).
    /// </summary>
    public static UserNetwork Attach(string qubeName, int sandboxProcessId, QubeUser user, string? outboundInterface = null)
    {
        string pasta = HostPrograms.Pasta();
        string outbound = outboundInterface ?? DefaultRouteInterface()
            ?? throw new SandboxException($"qube {qubeName}: the host has no default IPv4 route for its network (or set [network] outbound_interface)");

        // The qube's namespace is found from the sandbox's first process down: the first process
        // below it in another network namespace than the daemon's is bwrap's own pid 1 in the qube
        // (the staging bwrap of a root daemon and the qube's bwrap outside stay in the host's).
        // This runs right after the init said it was ready, before any command of the user.
        int inside = ProcessTree.Descendants(sandboxProcessId).FirstOrDefault(pid => NetworkNamespaceOf(pid) is { } ns && ns != NetworkNamespaceOf(Environment.ProcessId));
        if (inside == 0)
        {
            throw new SandboxException($"qube {qubeName}: no network namespace of the qube to attach its network to");
        }

        SafeFileHandle network, owner;
        try
        {
            network = Namespaces.OpenNetwork(inside);
        }
        catch (IOException e)
        {
            throw new SandboxException($"qube {qubeName}: {e.Message}");
        }

        using (network)
        {
            try
            {
                owner = Namespaces.OwningUserNamespace(network);
            }
            catch (IOException e)
            {
                throw new SandboxException($"qube {qubeName}: {e.Message}");
            }

            using (owner)
            {
                ProcessStartInfo start = StartInfo(pasta, user, owner, network, outbound);
                UserNetwork helper;
                try
                {
                    helper = new UserNetwork(SandboxLauncher.StartHelper(start, [network, owner]));
                }
                catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
                {
                    throw new SandboxException($"qube {qubeName}: cannot start pasta: {e.Message}");
                }

                helper.WaitUntilRouted(qubeName, inside);
                return helper;
            }
        }
    }

    /// <summary>
    /// pasta's arguments. Each closes a way to the host:
    /// -T none -U none: no port bound on the host's loopback is forwarded into the qube (pasta's default forwards them all);
    /// --no-map-gw: the gateway's address stays the gateway's, not the host's loopback (pasta's default maps it);
    /// -t none -u none: no port of the qube is opened on the host;
    /// the namespace gets the host's own address, so a connection from the qube to that address stays in the qube;
    /// --outbound-if4: every socket pasta opens for the qube is bound to that one interface (SO_BINDTODEVICE),
    ///   so the kernel never delivers it to the host itself: not to the loopback, not to an address of
    ///   another interface (a second LAN, a VPN, a docker bridge); to the address of that interface
    ///   itself neither, because the qube has that address as its own (-i: pasta copies the address,
    ///   netmask and gateway of the same interface) and never sends to it;
    /// -4: IPv4 only (the host's IPv6 link-local address would not be the qube's);
    /// --no-dhcp: the interface is set up by pasta from outside (--config-net), so pasta needs no DHCP server facing the qube.
    /// -f: it stays the daemon's child; -q: quiet; -e: what it says goes to the daemon, not to syslog only.
    /// </summary>
    internal static IReadOnlyList<string> Arguments(int userNamespaceFd, int networkNamespaceFd, string outboundInterface) =>
    [
        "-f", "-q", "-e",
        "--config-net",
        "--outbound-if4", outboundInterface,
        "-i", outboundInterface, // the qube's address, netmask and gateway are copied from the same interface
        "-4",
        "--no-dhcp",
        "--no-map-gw",
        "-t", "none", "-u", "none",
        "-T", "none", "-U", "none",
        "--dns-forward", DnsAddress,
        // The descriptors the daemon opened and pasta inherits: pasta joins the qube's namespaces
        // through them, never through a pid that could be reused.
        "--userns", $"/proc/self/fd/{userNamespaceFd.ToString(CultureInfo.InvariantCulture)}",
        "--netns", $"/proc/self/fd/{networkNamespaceFd.ToString(CultureInfo.InvariantCulture)}",
    ];

    /// <summary>Stops pasta (SIGTERM, SIGKILL after 5 s) and returns once it is gone.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        try
        {
            if (!_process.HasExited)
            {
                _ = Tmds.Linux.LibC.kill(ProcessId, Tmds.Linux.LibC.SIGTERM);
                if (!_process.WaitForExit(StopTimeout))
                {
                    _process.Kill();
                    _process.WaitForExit(StopTimeout);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // already reaped
        }

        _process.Dispose();
    }

    private static ProcessStartInfo StartInfo(string pasta, QubeUser user, SafeFileHandle owner, SafeFileHandle network, string outbound)
    {
        // The daemon's children inherit its ignored SIGPIPE (.NET ignores it), and pasta takes an
        // ignored SIGPIPE for a failure to install its own handlers: env gives it the default back.
        var start = new ProcessStartInfo(HostPrograms.Find("env") ?? "/usr/bin/env")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Clear(); // nothing of the daemon's environment
        List<string> command = ["--default-signal=PIPE"];
        if (!user.IsDaemonUser)
        {
            // A root daemon's helper runs as the qube's user, with what setpriv gives the qube's
            // bwrap: it can join the qube's user namespace because that user owns it, and nothing more.
            command.AddRange([HostPrograms.Setpriv(), "--reuid", user.Uid.ToString(CultureInfo.InvariantCulture), "--regid", user.Gid.ToString(CultureInfo.InvariantCulture),
                "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]);
        }

        command.Add(pasta);
        command.AddRange(Arguments((int)owner.DangerousGetHandle(), (int)network.DangerousGetHandle(), outbound));
        foreach (string argument in command)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>The interface of the host's default IPv4 route (the daemon's network namespace); null when there is none.</summary>
    internal static string? DefaultRouteInterface()
    {
        try
        {
            return File.ReadLines("/proc/self/net/route").Skip(1)
                .Select(line => line.Split('\t', StringSplitOptions.TrimEntries))
                .FirstOrDefault(fields => fields.Length > 2 && fields[1] == "00000000")?[0];
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The namespace's identity ("net:[INODE]"); null once the process is gone or not ours to see.</summary>
    private static string? NetworkNamespaceOf(int processId)
    {
        try
        {
            return new FileInfo($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/ns/net").LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>True when the namespace of <paramref name="processId"/> has a default route (pasta has configured it).</summary>
    private static bool HasDefaultRoute(int processId)
    {
        try
        {
            // Iface Destination Gateway ...: the default route has destination 00000000.
            return File.ReadLines($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/net/route").Skip(1)
                .Select(line => line.Split('\t', StringSplitOptions.TrimEntries))
                .Any(fields => fields.Length > 2 && fields[1] == "00000000" && fields[0] != "lo");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private void WaitUntilRouted(string qubeName, int inside)
    {
        var clock = Stopwatch.StartNew();
        while (!HasDefaultRoute(inside))
        {
            if (_process.HasExited || clock.Elapsed > ReadyTimeout)
            {
                string why = _process.HasExited ? $"pasta exited ({_process.ExitCode})" : $"pasta did not set up the network within {ReadyTimeout.TotalSeconds} s";
                Dispose();
                throw new SandboxException($"qube {qubeName}: {why}: {Said}");
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>What pasta said, bounded, without its complaints about a missing syslog.</summary>
    private string Said
    {
        get
        {
            lock (_tail)
            {
                return _tail.ToString().Trim();
            }
        }
    }

    private void Note(string? line)
    {
        if (line is null || line.StartsWith("Failed to send", StringComparison.Ordinal))
        {
            return;
        }

        lock (_tail)
        {
            if (_tail.Length < TailChars)
            {
                _tail.Append(string.Concat(line.Take(TailChars - _tail.Length).Select(c => char.IsControl(c) ? '?' : c))).Append('\n');
            }
        }
    }
}
