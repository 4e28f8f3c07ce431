using Microsoft.AspNetCore.Builder;
using Sandcastle.Server.Errors;

namespace Sandcastle.Server.Hosting;

public static class PipelineExtensions
{
    /// <summary>The middleware every request passes, in order: one line per part.</summary>
    public static WebApplication UseSandcastlePipeline(this WebApplication app)
    {
        app.UseSandcastleErrors();
        app.UseRouting();
        app.UseMiddleware<BrowserAccessMiddleware>();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        return app;
    }
}
