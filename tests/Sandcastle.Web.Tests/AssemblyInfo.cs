using Sandcastle.Web.Tests.Infrastructure;

// One browser and one server for the whole assembly, and one test at a time: the fake model answers from one queue.
[assembly: AssemblyFixture(typeof(PlaygroundFixture))]
[assembly: CollectionBehavior(DisableTestParallelization = true)]
