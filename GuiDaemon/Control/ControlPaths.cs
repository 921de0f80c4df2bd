namespace GuiVirt.GuiDaemon.Control;

/// <summary>Where the daemon's host-only sockets live: $XDG_RUNTIME_DIR/guivirt, else /tmp/guivirt-USER (mode 0700).</summary>
public static class ControlPaths
{
    /// <summary>The runtime directory for the control socket and, by default, the qube sockets.</summary>
    public static string RuntimeDirectory
    {
        get
        {
            string? runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
            return runtime is { Length: > 0 } ? Path.Combine(runtime, "guivirt") : Path.Combine(Path.GetTempPath(), $"guivirt-{Environment.UserName}");
        }
    }

    /// <summary>The control socket in <paramref name="directory"/>.</summary>
    public static string ControlSocket(string directory) => Path.Combine(directory, "control.sock");
}
