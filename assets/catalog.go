package assets

// apiByName indexes every call the generator knows by eventName (unique
// across the services used here).
var apiByName = buildCatalog()

func buildCatalog() map[string]*api {
	m := map[string]*api{}
	for _, list := range [][]*api{ec2APIs, iamAPIs, stsAPIs, s3APIs, kmsAPIs, lambdaAPIs, cloudtrailAPIs} {
		for _, ap := range list {
			if ap.svc == "iam" {
				ap.global = true // IAM is a global service (spec 1.4)
			}
			ap.finish()
			if m[ap.name] != nil {
				panic("assets: duplicate eventName " + ap.name)
			}
			m[ap.name] = ap
		}
	}
	return m
}
