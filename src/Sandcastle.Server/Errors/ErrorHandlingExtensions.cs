using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Sandcastle.Server.Errors;

public static class ErrorHandlingExtensions
{
    /// <summary>Registers the handler that maps exceptions to <see cref="ApiError"/> responses.</summary>
    public static IServiceCollection AddSandcastleErrors(this IServiceCollection services)
    {
        services.AddExceptionHandler<ApiExceptionHandler>();
        return services;
    }

    /// <summary>Every failure, thrown or bodiless, answers with an <see cref="ApiError"/>.</summary>
    public static IApplicationBuilder UseSandcastleErrors(this IApplicationBuilder app)
    {
        // Only reached when the registered handler declines, which it never does; required by the middleware.
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = context => Task.CompletedTask });
        app.UseStatusCodePages(StatusCodeErrors.WriteAsync);
        return app;
    }
}
