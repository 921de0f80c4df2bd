// The daemon's fuzz harness. Under afl-fuzz (fuzz/run.sh) it reads inputs from AFL and runs
// each through the daemon's real message handling (DaemonHarness); by hand:
//   GuiVirt.DaemonFuzz --replay FILE-OR-DIR...   runs inputs once each and says how each ended
//   GuiVirt.DaemonFuzz --write-corpus DIR        writes the seed corpus (fuzz/corpus)
using GuiVirt.DaemonFuzz;
using GuiVirt.Fuzzing;
using GuiVirt.Protocol;

Console.SetError(TextWriter.Null); // the daemon's log lines (one per connection) would only slow the fuzzer

return FuzzMain.Run(args, "GuiVirt.DaemonFuzz", input =>
{
    DaemonHarness.Outcome outcome = DaemonHarness.Run(input, out ProtocolViolationException? refusal);
    return $"{outcome}{(refusal is null ? "" : $" ({refusal.Message})")}";
}, Seeds.WriteTo);
