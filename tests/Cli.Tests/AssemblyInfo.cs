// Every test here starts X servers, a daemon and qubes: on two shared cores, one at a time keeps
// every timeout far from its limit.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
