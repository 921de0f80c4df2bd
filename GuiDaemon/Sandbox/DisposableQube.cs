using System.Globalization;
using System.Text.RegularExpressions;

namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// A disposable qube (`guivirt run --disposable -- CMD`): a fresh qube named disp1, disp2, ...
/// whose home is a tmpfs in its sandbox (nothing of it is ever on the host's disk), destroyed with
/// everything in it when it is over. It is over (<see cref="IsOver"/>) when:
/// - the command it was made for has exited (or never started) and none of its windows is mapped;
/// - or it has shown a window and none has been mapped for <see cref="WindowlessGrace"/> (its
///   windows were all closed, even if the command still runs: a splash screen replaced by the
///   main window is shorter than that);
/// - or its sandbox is no longer running.
/// </summary>
internal sealed partial class DisposableQube(CommandLaunch command, string commandLog)
{
    /// <summary>How long a disposable that has shown windows lives on with none mapped.</summary>
    public static readonly TimeSpan WindowlessGrace = TimeSpan.FromSeconds(2);

    /// <summary>The most disposables at once: names are disp1 to disp{MaxCount}.</summary>
    public const int MaxCount = 999;

    private bool _hadWindow;
    private DateTimeOffset? _windowlessSince;

    /// <summary>The command it was made for.</summary>
    public CommandLaunch Command { get; } = command;

    /// <summary>Where its commands' output goes while it lives (the daemon's runtime folder), deleted with it.</summary>
    public string CommandLog { get; } = commandLog;

    /// <summary>True for the names disposables take (disp and a number): a persistent qube cannot be created with one.</summary>
    public static bool IsDisposableName(string name) => DisposableName().IsMatch(name);

    /// <summary>disp + the smallest number from 1 that no qube of the daemon has now; null when all <see cref="MaxCount"/> are taken.</summary>
    public static string? NextName(IEnumerable<string> taken)
    {
        var names = taken.ToHashSet(StringComparer.Ordinal);
        for (int n = 1; n <= MaxCount; n++)
        {
            string name = "disp" + n.ToString(CultureInfo.InvariantCulture);
            if (!names.Contains(name))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>Asked once a turn of the daemon's loop: is it time to destroy this qube?</summary>
    public bool IsOver(int mappedWindows, bool sandboxRunning, DateTimeOffset now)
    {
        if (!sandboxRunning)
        {
            return true;
        }

        if (mappedWindows > 0)
        {
            _hadWindow = true;
            _windowlessSince = null;
            return false;
        }

        if (Command.Exited.IsCompleted)
        {
            return true; // exited, failed to start, or abandoned: and nothing is on screen
        }

        _windowlessSince ??= now;
        return _hadWindow && now - _windowlessSince >= WindowlessGrace;
    }

    [GeneratedRegex(@"\Adisp[0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex DisposableName();
}
