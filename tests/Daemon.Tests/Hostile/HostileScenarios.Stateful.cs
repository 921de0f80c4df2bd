using GuiVirt.Protocol;
using static GuiVirt.Protocol.ProtocolViolation;

namespace GuiVirt.Daemon.Tests.Hostile;

/// <summary>Window ids the qube does not own: unknown, stale, another qube's, loops.</summary>
public static partial class HostileScenarios
{
    private static IEnumerable<HostileScenario> Stateful()
    {
        // The stateful violations as DaemonViolationTests commits them (one sequence per violation, reused).
        foreach ((string name, string attack, ProtocolViolation violation) in ((string, string, ProtocolViolation)[])[
            ("unknown-window", "MAP of a window never created", UnknownWindow),
            ("window-already-exists", "CREATE of a live window id", WindowAlreadyExists),
            ("transient-for-unknown", "MAP as a dialog of a window it does not have", TransientForInvalid),
            ("class-after-map", "WMCLASS after MAP (the class is fixed once shown)", ClassAfterMap),
            ("image-without-grant", "SHMIMAGE before any WINDOW_DUMP", ImageWithoutGrant),
            ("grant-memory-exhausted", "three 384 MiB grants: more than the 1 GiB of grant memory a qube may map", ResourceLimitExceeded)])
        {
            yield return HostileScenario.Violation(name, attack, violation, async context =>
            {
                ScriptedAgent agent = await context.ConnectScriptedAsync();
                DaemonViolationTests.Commit(agent, violation);
                await agent.FlushAsync();
            });
        }

        yield return HostileScenario.Violation("stale-window", "MAP of a window after its DESTROY was acknowledged", UnknownWindow,
            async context =>
            {
                Attacker attacker = await context.ConnectAsync();
                attacker.Send(Wire.Create(W, 700, 400, 10, 10));
                attacker.Send(Wire.Empty(MessageType.Destroy, W));
                await attacker.WaitForDestroyAckAsync(W);
                attacker.Send(Wire.Map(W));
            });
        yield return HostileScenario.Violation("transient-for-self", "MAP as a dialog of itself", TransientForSelf,
            AfterWindow(Wire.Map(W, transientFor: W)));
        yield return new HostileScenario("transient-for-other-qube", "MAP as a dialog of the honest qube's real window id", Verdict.Disconnected,
            $" disconnected: protocol violation {TransientForInvalid}",
            async context =>
            {
                Attacker attacker = await context.ConnectAsync();
                attacker.Send(Wire.Create(W, 700, 400, 10, 10));
                attacker.Send(Wire.Map(W, transientFor: context.Fixture.HonestWindowId)); // ids of one qube never name another's windows
            });
        yield return new HostileScenario("transient-for-loop", "A a dialog of B, then B a dialog of A", Verdict.Contained, ": transient-for loop ignored",
            Sends(Wire.Shown(W, "a"), Wire.Shown(W + 1, "b", x: 800), Wire.Map(W, transientFor: W + 1), Wire.Map(W + 1, transientFor: W)));
        yield return new HostileScenario("transient-for-loop-long", "a chain of 400 dialogs closed into a loop", Verdict.Contained, ": transient-for loop ignored",
            async context =>
            {
                Attacker attacker = await context.ConnectAsync();
                for (uint i = 0; i < 400; i++)
                {
                    attacker.Send(Wire.Create(W + i, 700, 400, 10, 10));
                }

                for (uint i = 1; i < 400; i++)
                {
                    attacker.Send(Wire.Map(W + i, transientFor: W + i - 1));
                }

                attacker.Send(Wire.Map(W, transientFor: W + 399));
            });
    }
}
