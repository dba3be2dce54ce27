// The job tests start real hosts with Hangfire servers and pace real HTTP traffic; on a small
// machine running them one at a time keeps their timing honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
