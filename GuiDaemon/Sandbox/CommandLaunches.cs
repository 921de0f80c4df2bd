namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// The commands of one sandbox whose end is not known yet, by id: at most <see cref="Tracked"/>,
/// the oldest forgotten first (its tasks cancelled), so a qube whose commands never end, or that
/// never reports, cannot grow the daemon's memory. Reports for unknown ids are ignored: the qube
/// can only speak about the commands the daemon gave it.
/// </summary>
internal sealed class CommandLaunches
{
    public const int Tracked = 256;

    private readonly Dictionary<int, CommandLaunch> _launches = [];
    private readonly Queue<int> _order = new();
    private readonly Lock _lock = new();
    private int _lastId;

    /// <summary>A new launch with the next id.</summary>
    public CommandLaunch Add(IReadOnlyList<string> command)
    {
        CommandLaunch? forgotten = null;
        CommandLaunch launch;
        lock (_lock)
        {
            launch = new CommandLaunch(++_lastId, command);
            while (_launches.Count >= Tracked && _order.TryDequeue(out int oldest))
            {
                if (_launches.Remove(oldest, out forgotten))
                {
                    break;
                }
            }

            _launches[launch.Id] = launch;
            _order.Enqueue(launch.Id);
            if (_order.Count > 2 * Tracked)
            {
                // Ids of commands that ended are still queued: keep only the tracked ones, in order.
                int[] tracked = [.. _order.Where(_launches.ContainsKey)];
                _order.Clear();
                foreach (int id in tracked)
                {
                    _order.Enqueue(id);
                }
            }
        }

        forgotten?.Abandon();
        return launch;
    }

    /// <summary>Takes a send back (the command never reached the qube).</summary>
    public void Remove(CommandLaunch launch)
    {
        lock (_lock)
        {
            _launches.Remove(launch.Id);
        }
    }

    /// <summary>Applies a validated report; the launch it was about, or null for an id that is not tracked.</summary>
    public CommandLaunch? Apply(CommandStatus status)
    {
        CommandLaunch? launch;
        lock (_lock)
        {
            if (!_launches.TryGetValue(status.Id, out launch))
            {
                return null;
            }

            if (status.State != CommandState.Started)
            {
                _launches.Remove(status.Id); // its end is known: nothing more to hear about it
            }
        }

        launch.Apply(status);
        return launch;
    }

    /// <summary>The qube ended: no report will come for any of them.</summary>
    public void AbandonAll()
    {
        CommandLaunch[] all;
        lock (_lock)
        {
            all = [.. _launches.Values];
            _launches.Clear();
            _order.Clear();
        }

        foreach (CommandLaunch launch in all)
        {
            launch.Abandon();
        }
    }
}
