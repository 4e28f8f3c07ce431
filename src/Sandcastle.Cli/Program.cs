using Sandcastle.Cli;
using Sandcastle.Cli.Rendering;

return await SandcastleCli.RunAsync(args, Terminal.FromConsole());
