// Each test class starts a server and a browser; on a 2-core machine they run one after the other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
