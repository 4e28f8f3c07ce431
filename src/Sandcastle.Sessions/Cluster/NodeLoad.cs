using System.Globalization;

namespace Sandcastle.Sessions.Cluster;

/// <summary>The machine's load as the kernel reports it (/proc): load average per core and memory in use.</summary>
internal static class NodeLoad
{
    public static double CpuPerCore()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return Math.Round(double.Parse(first, CultureInfo.InvariantCulture) / Environment.ProcessorCount, 3);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    public static double MemoryInUse()
    {
        try
        {
            long total = 0, available = 0;
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                    total = Kilobytes(line);
                else if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                    available = Kilobytes(line);
            }
            return total > 0 ? Math.Round(1 - (double)available / total, 3) : 0;
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
