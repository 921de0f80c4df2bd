// The remote importer's fuzz harness. Under afl-fuzz (fuzz/run.sh SECONDS DIR remote) it reads
// inputs from AFL and runs each as the far side's stream through the real importer (RemoteHarness);
// by hand:
//   GuiVirt.RemoteFuzz --replay FILE-OR-DIR...   runs inputs once each and says how each ended
//   GuiVirt.RemoteFuzz --write-corpus DIR        writes the seed corpus (fuzz/remote-corpus)
using GuiVirt.Fuzzing;
using GuiVirt.RemoteFuzz;

return FuzzMain.Run(args, "GuiVirt.RemoteFuzz", input =>
{
    RemoteHarness.Outcome outcome = RemoteHarness.Run(input, out Exception? refusal);
    return $"{outcome}{(refusal is null ? "" : $" ({refusal.Message})")}";
}, Seeds.WriteTo);
