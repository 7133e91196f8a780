using System.Text.Json.Nodes;
using Identity.Credentials.Model;

namespace Identity.Credentials.Tests.Model;

[TestClass]
public sealed class VerifiablePresentationTests
{
    [TestMethod]
    public void Parse_Presentation_ExposesHolderAndObjectCredentials()
    {
        VerifiablePresentation vp = VerifiablePresentation.Parse(JsonNode.Parse("""
            {"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiablePresentation"],"id":"urn:uuid:2",
             "holder":{"id":"did:example:holder"},
             "verifiableCredential":[{"type":["VerifiableCredential"]},
               {"@context":"https://www.w3.org/ns/credentials/v2","type":"EnvelopedVerifiableCredential","id":"data:application/vc+jwt,x"},"a-string"]}
            """)).Value;

        Assert.AreEqual(VcVersion.V2_0, vp.Version);
        Assert.AreEqual("urn:uuid:2", vp.Id);
        Assert.AreEqual("did:example:holder", vp.HolderId);
        Assert.AreEqual(2, vp.Credentials.Length);
        Assert.AreEqual("VerifiablePresentation", vp.Types.Single());
    }

    [TestMethod]
    public void Parse_SingleCredentialObject_IsOneCredential()
    {
        VerifiablePresentation vp = VerifiablePresentation.Parse(JsonNode.Parse("""
            {"@context":["https://www.w3.org/ns/credentials/v2"],"type":"VerifiablePresentation","holder":"did:example:h",
             "verifiableCredential":{"type":["VerifiableCredential"]}}
            """)).Value;

        Assert.AreEqual("did:example:h", vp.HolderId);
        Assert.AreEqual(1, vp.Credentials.Length);
    }
}
