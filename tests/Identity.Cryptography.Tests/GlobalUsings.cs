global using System.Security.Cryptography;
global using System.Text;
global using Identity.Primitives;
