namespace Sandcastle.Cli.Components;

/// <summary>Reads agents and commands in the Claude Code component format.</summary>
public static class ComponentParser
{
    public static AgentDefinition ParseAgent(ComponentFile file)
    {
        var location = file.Entry.Location;
        var front = FrontMatter.Parse(file.Text, location);
        if (!front.Present)
            throw new MalformedComponentException(location, "an agent needs YAML front matter between '---' lines with at least a description.");
        var description = front.Text("description", location)
            ?? throw new MalformedComponentException(location, "the agent's front matter has no 'description'.");
        if (front.Body.Length == 0)
            throw new MalformedComponentException(location, "the agent has no system prompt (the text after the front matter is empty).");
        return new AgentDefinition(
            front.Text("name", location) ?? file.Entry.ShortName,
            description,
            front.List("tools", location),
            front.Text("model", location),
            front.Body,
            file);
    }

    public static CommandDefinition ParseCommand(ComponentFile file)
    {
        var location = file.Entry.Location;
        var front = FrontMatter.Parse(file.Text, location);
        if (front.Body.Length == 0)
            throw new MalformedComponentException(location, "the command has no prompt template (its text is empty).");
        return new CommandDefinition(
            file.Entry.ShortName,
            front.Text("description", location) ?? "",
            front.Text("argument-hint", location),
            front.List("allowed-tools", location),
            front.Body,
            file);
    }

    /// <summary>The description of either kind, for listings; throws like the parsers.</summary>
    public static string Describe(ComponentFile file) => file.Entry.Kind == ComponentKind.Agent
        ? ParseAgent(file).Description
        : ParseCommand(file).Description;
}
