using Sandcastle.Sandbox.Files.Native;

namespace Sandcastle.Sandbox.Files;

internal delegate void WalkVisitor(WorkspacePath path, in StatxBuffer stat);
