using System.Resources;
using Microsoft.CodeAnalysis;

namespace SocketAnalyzers;

/// <summary>Access to <c>Resources.resx</c> and its satellite translations.</summary>
internal static class Resources
{
    public static ResourceManager ResourceManager { get; } =
        new ResourceManager("SocketAnalyzers.Resources", typeof(Resources).Assembly);

    public static LocalizableResourceString Localizable(string key) =>
        new LocalizableResourceString(key, ResourceManager, typeof(Resources));
}
