using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using GuiVirt.GuiDaemon.Config;

namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// Who a qube's programs are, inside: always "user", uid and gid 1000, home /home/user, whatever
/// host user the qube runs as (the daemon's, the sudo user's, or the system user "guivirt": see
/// <see cref="QubeUser"/>). The qube gets its own /etc/passwd and /etc/group with just that user,
/// root and nobody, bound over the host's (which would name uid 1000 after whichever host user has
/// it, and list every host account), and the environment of a login session: HOME, SHELL, USER,
/// LOGNAME, LANG, a private XDG_RUNTIME_DIR and the address of the qube's own D-Bus session bus,
/// which the qube's init starts (<see cref="QubeInit"/>). Everything here is decided by the host.
/// </summary>
internal static partial class QubeAccount
{
    public const string Name = "user";

    /// <summary>The user the qube's programs run as, inside its own user namespace.</summary>
    public const int Uid = 1000;

    public const string Home = "/home/user";

    /// <summary>$XDG_RUNTIME_DIR inside: on the qube's own /run, made 0700 for the qube's user by bwrap.</summary>
    public const string RuntimeDirectory = "/run/user/1000";

    /// <summary>The socket of the qube's session bus, in its runtime folder.</summary>
    public const string BusSocket = RuntimeDirectory + "/bus";

    public const string BusAddress = "unix:path=" + BusSocket;

    /// <summary>$LANG when the daemon's own is unset or not a plain locale name.</summary>
    public const string DefaultLanguage = "C.UTF-8";

    /// <summary>The login shell: bash where the host has it (the qube sees the host's /usr), else sh.</summary>
    public static string Shell => File.Exists("/bin/bash") ? "/bin/bash" : "/bin/sh";

    /// <summary>The qube's /etc/passwd: root and nobody (for the ids the user namespace does not map), and the user.</summary>
    public static byte[] Passwd => Encoding.ASCII.GetBytes(
        "root:x:0:0:root:/root:/usr/sbin/nologin\n"
        + $"{Name}:x:{Id}:{Id}:{Name}:{Home}:{Shell}\n"
        + "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");

    /// <summary>The qube's /etc/group: root, the user's own group, and nogroup.</summary>
    public static byte[] Group => Encoding.ASCII.GetBytes($"root:x:0:\n{Name}:x:{Id}:\nnogroup:x:65534:\n");

    /// <summary>
    /// The host's $LANG when it is a plain locale name (language[_TERRITORY][.codeset][@modifier], or
    /// C/POSIX), else <see cref="DefaultLanguage"/>. Security: the value crosses into every program
    /// of the qube, so nothing but such a name does (no path, no '/', no control characters: glibc
    /// would take a name with '/' as a locale file to load).
    /// </summary>
    public static string Language(string? hostLanguage) =>
        hostLanguage is { Length: > 0 and <= 64 } && LocaleName().IsMatch(hostLanguage) ? hostLanguage : DefaultLanguage;

    /// <summary>The variables every program of the qube starts with (bwrap's --setenv), after an empty environment.</summary>
    /// <param name="scale">The qube's density: GTK scales windows by GDK_SCALE (whole) and text by Xft.dpi times GDK_DPI_SCALE (1/GDK_SCALE), Qt everything by QT_SCALE_FACTOR (Qt 5 divides Xft.dpi by it, so its fonts are not scaled twice), cursors by XCURSOR_SIZE.</param>
    public static IReadOnlyList<(string Name, string Value)> Environment(string path, string? dotnetRoot, DisplayScale scale = default) =>
    [
        ("PATH", path),
        ("LANG", Language(System.Environment.GetEnvironmentVariable("LANG"))),
        ("HOME", Home),
        ("USER", Name),
        ("LOGNAME", Name),
        ("SHELL", Shell),
        ("XDG_RUNTIME_DIR", RuntimeDirectory),
        // The init unsets it when the host has no dbus-daemon to start.
        ("DBUS_SESSION_BUS_ADDRESS", BusAddress),
        ("DISPLAY", ":0"),
        ("GDK_SCALE", scale.GdkScale.ToString(CultureInfo.InvariantCulture)),
        ("GDK_DPI_SCALE", scale.GdkDpiScale),
        ("QT_SCALE_FACTOR", scale.QtScaleFactor),
        ("XCURSOR_SIZE", scale.CursorSize.ToString(CultureInfo.InvariantCulture)),
        // Only for an agent that runs on the runtime; the native one has none to find.
        .. (dotnetRoot is null ? Array.Empty<(string, string)>() : [("DOTNET_ROOT", dotnetRoot)]),
    ];

    private static string Id => Uid.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\A(?:C|POSIX|[a-z]{2,3}(?:_[A-Z]{2})?)(?:\.[A-Za-z0-9-]{1,20})?(?:@[A-Za-z0-9]{1,20})?\z", RegexOptions.CultureInvariant)]
    private static partial Regex LocaleName();
}
