using System.Globalization;
using System.Text.RegularExpressions;

namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// A disposable qube (`guivirt run --disposable -- CMD`): a fresh qube named disp1, disp2, ...
/// whose home is a tmpfs in its sandbox (never on the host's disk), destroyed with
/// everything in it when it is over. It is over (<see cref="IsOver"/>) when:
/// - every command started in it (the first, and any `guivirt run dispN -- CMD` after it) has
///   exited (or never started) and none of its windows is open (shown, or minimized on the host);
/// - or it has shown a window and none has been open for <see cref="WindowlessGrace"/> (its
///   windows were all closed, even if a command still runs);
/// - or its sandbox is no longer running.
/// </summary>
internal sealed partial class DisposableQube(CommandLaunch command, string commandLog)
{
    private readonly List<CommandLaunch> _commands = [command];

    /// <summary>How long a disposable that has shown windows lives on with none mapped.</summary>
    public static readonly TimeSpan WindowlessGrace = TimeSpan.FromSeconds(2);

    /// <summary>The most disposables at once: names are disp1 to disp{MaxCount}.</summary>
    public const int MaxCount = 999;

    private bool _hadWindow;
    private TimeSpan? _windowlessSince;

    /// <summary>The command it was made for.</summary>
    public CommandLaunch Command { get; } = command;

    /// <summary>Another command started in it (`guivirt run dispN -- CMD`): the qube lives at least as long.</summary>
    public void Add(CommandLaunch launch)
    {
        _commands.RemoveAll(c => c.Exited.IsCompleted); // bounded by the commands still running
        _commands.Add(launch);
    }

    /// <summary>Where its commands' output goes while it lives (the daemon's runtime folder), deleted with it.</summary>
    public string CommandLog { get; } = commandLog;

    /// <summary>True for the names disposables take (disp and a number): a persistent qube cannot be created with one.</summary>
    public static bool IsDisposableName(string name) => DisposableName().IsMatch(name);

    /// <summary>
    /// disp + the next number after <paramref name="last"/> that no qube of the daemon has now;
    /// null after disp<see cref="MaxCount"/>. Numbers only go up while the daemon runs: a name
    /// never means two disposables (a script's `guivirt run disp1`, a clipboard notice or an
    /// audit line naming disp1 means one qube).
    /// </summary>
    public static string? NextName(ref int last, IEnumerable<string> taken)
    {
        var names = taken.ToHashSet(StringComparer.Ordinal);
        while (last < MaxCount)
        {
            string name = "disp" + (++last).ToString(CultureInfo.InvariantCulture);
            if (!names.Contains(name))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>Asked once a turn of the daemon's loop: is it time to destroy this qube? <paramref name="now"/> is a monotonic clock's reading (a wall clock set back or forward must not end it early).</summary>
    public bool IsOver(int openWindows, bool sandboxRunning, TimeSpan now)
    {
        if (!sandboxRunning)
        {
            return true;
        }

        if (openWindows > 0)
        {
            _hadWindow = true;
            _windowlessSince = null;
            return false;
        }

        if (_commands.TrueForAll(c => c.Exited.IsCompleted))
        {
            return true; // all exited, failed to start, or abandoned: and nothing is on screen
        }

        _windowlessSince ??= now;
        return _hadWindow && now - _windowlessSince >= WindowlessGrace;
    }

    [GeneratedRegex(@"\Adisp[0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex DisposableName();
}
