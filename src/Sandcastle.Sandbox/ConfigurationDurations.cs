using System.ComponentModel;
using System.Globalization;

namespace Sandcastle.Sandbox;

/// <summary>
/// Lets every <see cref="TimeSpan"/> setting in configuration (limits, lifetimes, sleep-after defaults) be written as
/// the CLI and the API take a duration — <c>30s</c>, <c>2m</c>, <c>1h</c>, plain seconds — besides .NET's
/// <c>hh:mm:ss</c>. The configuration binder converts through the type's <see cref="TypeConverter"/>, so one
/// registration covers every options class; a bad value fails binding with the setting's path in the message.
/// </summary>
public static class ConfigurationDurations
{
    private static int _registered;

    /// <summary>Registers the converter for the whole process (once; later calls do nothing).</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
            TypeDescriptor.AddAttributes(typeof(TimeSpan), new TypeConverterAttribute(typeof(DurationConverter)));
    }

    /// <summary>A unit or plain seconds first; anything else (<c>00:00:30</c>, <c>0</c>, <c>-00:00:00.001</c>) as .NET reads it.</summary>
    public sealed class DurationConverter : TimeSpanConverter
    {
        public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
        {
            if (value is not string text)
                return base.ConvertFrom(context, culture, value);
            if (DurationText.TryParse(text, out var duration))
                return duration;
            if (TimeSpan.TryParse(text.Trim(), CultureInfo.InvariantCulture, out var clock))
                return clock;
            throw new FormatException($"'{text}' is not a duration: use {DurationText.Examples}, or hh:mm:ss.");
        }
    }
}
