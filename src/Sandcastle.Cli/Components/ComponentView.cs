using Sandcastle.Cli.Rendering;
using Spectre.Console;

namespace Sandcastle.Cli.Components;

/// <summary>Prints one component: its settings as a grid, then its prompt as written.</summary>
public static class ComponentView
{
    public static void Write(Terminal terminal, ComponentFile file)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string label, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
                grid.AddRow(new Markup($"[bold]{label}[/]"), new Text(value));
        }
        string body;
        if (file.Entry.Kind == ComponentKind.Agent)
        {
            var agent = ComponentParser.ParseAgent(file);
            Row("Agent", agent.Name);
            Row("Description", agent.Description);
            Row("Tools", agent.Tools.Count > 0 ? string.Join(", ", agent.Tools) : "(all)");
            Row("Model", agent.Model ?? "(default)");
            body = agent.Prompt;
        }
        else
        {
            var command = ComponentParser.ParseCommand(file);
            Row("Command", command.Name);
            Row("Description", command.Description);
            Row("Arguments", command.ArgumentHint);
            Row("Allowed tools", command.AllowedTools.Count > 0 ? string.Join(", ", command.AllowedTools) : "(all)");
            body = command.Template;
        }
        Row("Source", $"{file.Entry.Source}: {file.Entry.Location}");
        terminal.Out.Write(grid);
        terminal.Out.WriteLine();
        terminal.StandardOutput.WriteLine(body);
    }
}
