using System;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace SocketAnalyzers.Cli.Tests;

/// <summary>
/// The properties that the SARIF 2.1.0 JSON schema (sarif-schema-2.1.0.json) marks required, and the enumerations
/// and formats it constrains, for what the tool writes: the log (version, runs), a run (tool), the tool component
/// (name), a reporting descriptor (id), a result (message), a message (text or id), and locations' types.
/// </summary>
internal static class SarifShape
{
    private static readonly string[] Levels = { "none", "note", "warning", "error" };

    public static void AssertValid(string sarif, int expectedResults)
    {
        using JsonDocument document = JsonDocument.Parse(sarif);
        JsonElement log = document.RootElement;
        Assert.Equal("2.1.0", log.GetProperty("version").GetString());
        Assert.True(Uri.IsWellFormedUriString(log.GetProperty("$schema").GetString(), UriKind.Absolute));
        JsonElement run = Assert.Single(log.GetProperty("runs").EnumerateArray());

        JsonElement driver = run.GetProperty("tool").GetProperty("driver");
        Assert.False(string.IsNullOrEmpty(driver.GetProperty("name").GetString()));
        var ruleIds = driver.GetProperty("rules").EnumerateArray().Select(rule => rule.GetProperty("id").GetString()).ToList();
        Assert.Contains("SOCK003", ruleIds);
        Assert.Equal(ruleIds.Count, ruleIds.Distinct().Count());
        foreach (JsonElement rule in driver.GetProperty("rules").EnumerateArray())
        {
            Assert.Contains(rule.GetProperty("defaultConfiguration").GetProperty("level").GetString(), Levels);
            Assert.True(Uri.IsWellFormedUriString(rule.GetProperty("helpUri").GetString(), UriKind.Absolute));
        }

        foreach (JsonProperty baseId in run.GetProperty("originalUriBaseIds").EnumerateObject())
        {
            // A base URI must be absolute and end with a slash for relative artifact URIs to resolve under it.
            string uri = baseId.Value.GetProperty("uri").GetString()!;
            Assert.True(Uri.IsWellFormedUriString(uri, UriKind.Absolute) && uri.EndsWith('/'), uri);
        }

        foreach (JsonElement invocation in run.GetProperty("invocations").EnumerateArray())
        {
            Assert.True(invocation.TryGetProperty("executionSuccessful", out JsonElement successful)
                && successful.ValueKind is JsonValueKind.True or JsonValueKind.False);
        }

        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(expectedResults, results.Count);
        foreach (JsonElement result in results)
        {
            Assert.False(string.IsNullOrEmpty(result.GetProperty("message").GetProperty("text").GetString()));
            string ruleId = result.GetProperty("ruleId").GetString()!;
            Assert.Equal(ruleId, ruleIds[result.GetProperty("ruleIndex").GetInt32()]);
            Assert.Contains(result.GetProperty("level").GetString(), Levels);
            JsonElement physical = Assert.Single(result.GetProperty("locations").EnumerateArray()).GetProperty("physicalLocation");
            JsonElement artifact = physical.GetProperty("artifactLocation");
            string uri = artifact.GetProperty("uri").GetString()!;
            Assert.True(Uri.IsWellFormedUriString(uri, UriKind.RelativeOrAbsolute), uri);
            if (artifact.TryGetProperty("uriBaseId", out JsonElement baseIdName))
            {
                Assert.True(run.GetProperty("originalUriBaseIds").TryGetProperty(baseIdName.GetString()!, out _));
            }

            JsonElement region = physical.GetProperty("region");
            Assert.True(region.GetProperty("startLine").GetInt32() >= 1);
            Assert.True(region.GetProperty("startColumn").GetInt32() >= 1);
            Assert.All(result.GetProperty("partialFingerprints").EnumerateObject(), fingerprint => Assert.Equal(JsonValueKind.String, fingerprint.Value.ValueKind));
        }
    }
}
