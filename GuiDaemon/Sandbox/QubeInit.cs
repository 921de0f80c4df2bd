namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// The qube's init, a POSIX sh script run as `sh -c SCRIPT guivirt-init WIDTH HEIGHT DPI SCREEN AGENT...`
/// (WIDTH and HEIGHT: the framebuffer's size; SCREEN: the screen's size at start, WxH) inside the
/// sandbox. Its values come as positional parameters, never spliced into the text.
/// AGENT... is the agent's command: /opt/guivirt/guivirt-agent (native), or DOTNET and the agent's dll.
/// </summary>
internal static class QubeInit
{
    /// <summary>Where the qube's own agent socket is bound inside.</summary>
    public const string AgentSocket = "/run/guivirt/agent.sock";

    /// <summary>Where the cgroup.procs file of the qube's apps cgroup is bound, when it has one (<see cref="Cgroups.QubeCgroup.Apps"/>).</summary>
    public const string AppsProcs = "/run/guivirt/apps.procs";

    /// <summary>Where the folder of the guivirt programs is bound, read-only.</summary>
    public const string ProgramDirectory = "/opt/guivirt";

    /// <summary>The one line the init prints when Xvfb accepts connections and the agent is started.</summary>
    public const string ReadyLine = "guivirt-init: ready";

    /// <summary>
    /// 1. Xvfb :0 with a framebuffer of the requested size (the largest the qube's screen can
    ///    take: the agent sets the host's size inside it through RandR, see SCREEN_CONFIG), and beside it the qube's own D-Bus session bus on
    ///    $DBUS_SESSION_BUS_ADDRESS (in its private $XDG_RUNTIME_DIR, see <see cref="QubeAccount"/>).
    /// 2. Wait for Xvfb's socket (the qube's own /tmp/.X11-unix), then the bus's. Without dbus-daemon
    ///    on the host, or when it does not start, the variable is unset: apps then run without a bus
    ///    (and say so), as on a host without one, and the reason is in /tmp/dbus.log.
    /// 3. Above 96 DPI (a scale above 1, <see cref="Config.DisplayScale"/>): Xft.dpi into the
    ///    screen's RESOURCE_MANAGER with xrdb (-nocpp: no preprocessor runs), before the agent and
    ///    any command, so every app finds it from its first connection. DPI is a number the host
    ///    chose; Xvfb's -dpi makes the screen's size in millimetres agree with it.
    /// 4. The screen set to SCREEN (the host's size, or its half for an upscaled qube) by the agent
    ///    run once with --set-screen, before the agent proper and any command: an app started at
    ///    once otherwise saw the framebuffer's 3840x2160 until SCREEN_CONFIG came. A failure is
    ///    logged in /tmp/agent.log and changes nothing else.
    /// 5. The agent, which reconnects to the daemon by itself.
    /// 6. Say ready. From here the init's stdout (kept as fd 3) is the status channel and its stderr
    ///    (kept as fd 4) carries the commands' output, both to the daemon (<see cref="SandboxOutput"/>);
    ///    the init's own 1 and 2 go to /dev/null.
    /// 7. Read commands from stdin, one per line (see <see cref="CommandLine"/>): the id, then each
    ///    word decoded into one argument with base64 -d, so that "$@" is never re-read by a shell.
    ///    Look the program up as exec would (a path, else each $PATH folder): when it is missing
    ///    report "failed ID 127", when it cannot be executed "failed ID 126" (the shell's codes);
    ///    else report "started ID" and start it detached in its own session, stdout and stderr to
    ///    fd 4, without fd 3. A subshell waits for it and reports "exited ID STATUS"; it exits the
    ///    init's wait at once, so it is re-parented to the sandbox's pid 1, which reaps it. Where
    ///    the qube has an apps cgroup (<see cref="AppsProcs"/>), the subshell first moves itself
    ///    there (writing 0 moves the writer), so the command and all it starts are born in it;
    ///    when that fails the command runs beside the X server and the agent, as without one.
    /// On end of input (the daemon closed the pipe) the init exits, and with it the whole sandbox.
    /// </summary>
    public const string Script = """
        set -f
        width=$1 height=$2 dpi=$3 screen=$4
        shift 4
        Xvfb :0 -screen 0 "${width}x${height}x24" -dpi "$dpi" -nolisten tcp -noreset </dev/null >/tmp/xvfb.log 2>&1 &
        xvfb=$!
        bus=
        if command -v dbus-daemon >/dev/null 2>&1; then
            dbus-daemon --session --address="$DBUS_SESSION_BUS_ADDRESS" --nofork --nopidfile --nosyslog </dev/null >/tmp/dbus.log 2>&1 &
            bus=$!
        else
            echo "no dbus-daemon on the host: no session bus" >/tmp/dbus.log
            unset DBUS_SESSION_BUS_ADDRESS
        fi
        tries=0
        until [ -S /tmp/.X11-unix/X0 ]; do
            tries=$((tries + 1))
            if [ "$tries" -gt 600 ] || ! kill -0 "$xvfb" 2>/dev/null; then
                echo "guivirt-init: Xvfb did not start:" >&2
                tail -c 2000 /tmp/xvfb.log >&2
                exit 1
            fi
            sleep 0.05
        done
        if [ -n "$bus" ]; then
            # It started beside Xvfb: 5 s more at most, so a hung bus (optional) cannot use up the
            # daemon's 30 s for the whole start.
            tries=0
            until [ -S "$XDG_RUNTIME_DIR/bus" ]; do
                tries=$((tries + 1))
                if [ "$tries" -gt 100 ] || ! kill -0 "$bus" 2>/dev/null; then
                    echo "dbus-daemon did not start: no session bus" >>/tmp/dbus.log
                    unset DBUS_SESSION_BUS_ADDRESS
                    break
                fi
                sleep 0.05
            done
        fi
        if [ "$dpi" != 96 ]; then
            printf 'Xft.dpi:\t%s\n' "$dpi" | xrdb -nocpp -merge >>/tmp/xvfb.log 2>&1
        fi
        "$@" --display :0 --set-screen "$screen" </dev/null >/tmp/agent.log 2>&1
        "$@" --display :0 --socket /run/guivirt/agent.sock </dev/null >>/tmp/agent.log 2>&1 &
        startable() {
            case $1 in
            */*)
                if [ -f "$1" ] && [ -x "$1" ]; then return 0; fi
                if [ -e "$1" ]; then return 126; fi
                return 127 ;;
            esac
            found=127
            saved=$IFS
            IFS=:
            for directory in $PATH; do
                candidate=${directory:-.}/$1
                if [ -f "$candidate" ] && [ -x "$candidate" ]; then found=0; break; fi
                if [ -e "$candidate" ]; then found=126; fi
            done
            IFS=$saved
            return "$found"
        }
        echo "guivirt-init: ready"
        exec 3>&1 4>&2 >/dev/null 2>&1
        while IFS= read -r line; do
            id=${line%% *}
            set --
            for word in ${line#"$id"}; do
                argument=$(printf %s "${word#a}" | base64 -d; echo .)
                set -- "$@" "${argument%.}"
            done
            if [ "$#" -eq 0 ]; then
                continue
            fi
            startable "$1"
            found=$?
            if [ "$found" -ne 0 ]; then
                echo "failed $id $found" >&3
                continue
            fi
            echo "started $id" >&3
            ( ( { [ ! -e /run/guivirt/apps.procs ] || echo 0 >/run/guivirt/apps.procs; } 2>/dev/null
                setsid "$@" </dev/null >&4 2>&4 3>&- 4>&-; echo "exited $id $?" >&3) & )
        done
        """;
}
