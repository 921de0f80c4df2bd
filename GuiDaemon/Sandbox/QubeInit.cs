namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// The qube's init, a POSIX sh script run as `sh -c SCRIPT guivirt-init WIDTH HEIGHT DOTNET`
/// inside the sandbox. Its values come as positional parameters, never spliced into the text.
/// </summary>
internal static class QubeInit
{
    /// <summary>Where the qube's own agent socket is bound inside.</summary>
    public const string AgentSocket = "/run/guivirt/agent.sock";

    /// <summary>Where the folder of the guivirt programs is bound, read-only.</summary>
    public const string ProgramDirectory = "/opt/guivirt";

    /// <summary>The one line the init prints when Xvfb accepts connections and the agent is started.</summary>
    public const string ReadyLine = "guivirt-init: ready";

    /// <summary>
    /// 1. Xvfb :0 of the requested size; wait for its socket (the qube's own /tmp/.X11-unix).
    /// 2. The agent, which reconnects to the daemon by itself.
    /// 3. Say ready, then cut the init's stdout and stderr from the daemon's pipes, so nothing in
    ///    the qube can write to the daemon afterwards (only the tail of what came before is kept).
    /// 4. Read commands from stdin, one per line (see <see cref="CommandLine"/>): decode each word
    ///    into one argument with base64 -d and start it with "$@" (never re-read by a shell),
    ///    detached in its own session, output to /tmp/qube-commands.log. The subshell exits at once
    ///    so the command is re-parented to the sandbox's pid 1, which reaps it.
    /// On end of input (the daemon closed the pipe) the init exits, and with it the whole sandbox.
    /// </summary>
    public const string Script = """
        set -f
        width=$1 height=$2 dotnet=$3
        Xvfb :0 -screen 0 "${width}x${height}x24" -nolisten tcp -noreset </dev/null >/tmp/xvfb.log 2>&1 &
        xvfb=$!
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
        "$dotnet" /opt/guivirt/guivirt-agent.dll --display :0 --socket /run/guivirt/agent.sock </dev/null >/tmp/agent.log 2>&1 &
        echo "guivirt-init: ready"
        exec >/dev/null 2>&1
        while IFS= read -r line; do
            set --
            for word in $line; do
                argument=$(printf %s "${word#a}" | base64 -d; echo .)
                set -- "$@" "${argument%.}"
            done
            if [ "$#" -gt 0 ]; then
                (setsid "$@" </dev/null >>/tmp/qube-commands.log 2>&1 &)
            fi
        done
        """;
}
