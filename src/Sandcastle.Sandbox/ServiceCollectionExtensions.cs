using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sandcastle.Sandbox.Network;

namespace Sandcastle.Sandbox;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="SandboxEngine"/> with <see cref="SandboxOptions"/> bound from the "Sandbox" section, and
    /// (in a host) the start of its fork server with the host. Durations in configuration take units from here on.
    /// </summary>
    public static IServiceCollection AddSandcastleSandbox(this IServiceCollection services)
    {
        ConfigurationDurations.Register();
        services.AddOptions<SandboxOptions>()
            .BindConfiguration(SandboxOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SandboxOptions>, SandboxOptionsValidator>());
        services.AddOptions<NetworkOptions>()
            .BindConfiguration(NetworkOptions.SectionName)
            .Validate(o => o.Validate() is null, "The Network section is invalid.")
            .ValidateOnStart();
        services.TryAddSingleton<IEgressResolver, DnsEgressResolver>();
        services.TryAddSingleton<EgressLog>();
        services.TryAddSingleton<SandboxEngine>();
        services.AddHostedService<SandboxEngineWarmUp>();
        return services;
    }
}
