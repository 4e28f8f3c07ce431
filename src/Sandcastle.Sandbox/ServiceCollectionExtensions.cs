using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Sandcastle.Sandbox;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="SandboxEngine"/> with <see cref="SandboxOptions"/> bound from the "Sandbox" section, and
    /// (in a host) the start of its fork server with the host.
    /// </summary>
    public static IServiceCollection AddSandcastleSandbox(this IServiceCollection services)
    {
        services.AddOptions<SandboxOptions>()
            .BindConfiguration(SandboxOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SandboxOptions>, SandboxOptionsValidator>());
        services.TryAddSingleton<SandboxEngine>();
        services.AddHostedService<SandboxEngineWarmUp>();
        return services;
    }
}
