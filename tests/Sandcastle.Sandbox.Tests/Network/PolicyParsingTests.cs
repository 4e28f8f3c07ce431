using System.Net;
using Sandcastle.Sandbox.Network;

namespace Sandcastle.Sandbox.Tests.Network;

/// <summary>How the proxy reads hosts and allow-lists: what a request names is what gets checked.</summary>
public sealed class PolicyParsingTests
{
    [Theory]
    [InlineData("2130706433", "127.0.0.1")]
    [InlineData("0177.0.0.1", "127.0.0.1")]
    [InlineData("0x7f.1", "127.0.0.1")]
    [InlineData("127.1", "127.0.0.1")]
    [InlineData("10.1", "10.0.0.1")]
    [InlineData("127.0.0.1.", "127.0.0.1")]
    [InlineData("[::ffff:169.254.169.254]", "169.254.169.254")]
    [InlineData("[::1]", "::1")]
    public void EveryAddressSpelling_IsReadAsTheAddressItMeans(string text, string address)
    {
        var host = EgressHost.TryParse(text, out _);
        Assert.NotNull(host);
        Assert.Equal(IPAddress.Parse(address), host.Address);
        Assert.NotNull(AddressRules.WhyRefused(host.Address!));
    }

    [Theory]
    [InlineData("256.0.0.1")]
    [InlineData("1.2.3.4.5")]
    [InlineData("0x1ffffffff")]
    [InlineData("08.0.0.1")]
    [InlineData("[fe80::1%eth0]")]
    [InlineData("exa mple.com")]
    [InlineData("example.123")]
    [InlineData("-bad.example")]
    public void MalformedHosts_AreNoHosts(string text) => Assert.Null(EgressHost.TryParse(text, out _));

    [Theory]
    [InlineData("PyPI.org.", "pypi.org")]
    [InlineData("files.pythonhosted.org", "files.pythonhosted.org")]
    public void Names_AreLowerCaseWithoutTheTrailingDot(string text, string name) =>
        Assert.Equal(name, EgressHost.TryParse(text, out _)!.Name);

    [Fact]
    public void Patterns_MatchNamesAndPorts()
    {
        var policy = NetworkPolicy.Parse(["pypi.org", "*.pythonhosted.org", "api.example.com:443"]);
        bool Allows(string host, int port) => policy.Allows(EgressHost.TryParse(host, out _)!, port);
        Assert.True(Allows("pypi.org", 443));
        Assert.True(Allows("files.pythonhosted.org", 443));
        Assert.False(Allows("pythonhosted.org", 443));
        Assert.False(Allows("evilpythonhosted.org", 443));
        Assert.True(Allows("api.example.com", 443));
        Assert.False(Allows("api.example.com", 80));
        Assert.False(Allows("pypi.org.evil.com", 443));
        Assert.False(Allows("93.184.216.34", 443));
        Assert.True(NetworkPolicy.Parse(["*"]).Allows(EgressHost.TryParse("93.184.216.34", out _)!, 443));
    }

    [Fact]
    public void ACeiling_CoversOnlyWhatIsWithinIt()
    {
        var ceiling = NetworkPolicy.Parse(["*.example.com", "pypi.org:443"]);
        Assert.Empty(NetworkPolicy.Parse(["a.example.com", "*.b.example.com", "pypi.org:443"]).Beyond(ceiling));
        Assert.Equal(["example.com", "pypi.org", "*", "*.com"],
            NetworkPolicy.Parse(["example.com", "pypi.org", "*", "*.com"]).Beyond(ceiling).Select(p => p.ToString()));
    }

    [Theory]
    [InlineData("pypi.org:0")]
    [InlineData("*.1.2.3.4")]
    [InlineData("bad host")]
    public void MalformedEntries_SayWhatIsWrong(string entry) =>
        Assert.Throws<ArgumentException>(() => NetworkPolicy.Parse([entry]));

    [Fact]
    public void TheServersOwnPublicAddress_IsRefused()
    {
        var own = new HashSet<IPAddress> { IPAddress.Parse("93.184.216.34"), IPAddress.Parse("2606:4700::1111") };
        Assert.Equal("one of the server's own addresses", AddressRules.WhyRefused(IPAddress.Parse("93.184.216.34"), own));
        Assert.Equal("one of the server's own addresses", AddressRules.WhyRefused(IPAddress.Parse("::ffff:93.184.216.34"), own));
        Assert.Equal("one of the server's own addresses", AddressRules.WhyRefused(IPAddress.Parse("2606:4700::1111"), own));
        Assert.Null(AddressRules.WhyRefused(IPAddress.Parse("93.184.216.35"), own));
    }

    [Fact]
    public void PublicAddresses_PassAndPrivateTargetsOpenOnlyTheirOwn()
    {
        Assert.Null(AddressRules.WhyRefused(IPAddress.Parse("93.184.216.34")));
        Assert.Null(AddressRules.WhyRefused(IPAddress.Parse("2606:4700::1111")));
        var mirror = PrivateTarget.Parse("10.0.0.0/8:3141");
        var host = EgressHost.TryParse("mirror.internal", out _)!;
        Assert.True(mirror.Opens(host, IPAddress.Parse("10.1.2.3"), 3141));
        Assert.False(mirror.Opens(host, IPAddress.Parse("10.1.2.3"), 22));
        Assert.False(mirror.Opens(host, IPAddress.Parse("192.168.1.1"), 3141));
    }
}
