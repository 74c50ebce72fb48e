// Every threshold of the stimulus quality report in one place, with why it is where it is. README
// ("Stimulus quality") and EXPLAINERS.md §6–§8 document the same numbers; change them together.
export const QUALITY_THRESHOLDS = {
  inversion: {
    /**
     * ‖Φ(x*) − Φ0‖² / ‖Φ0‖²: the inversion must reproduce the layer's features. A low error alone does
     * not make a useful image (the 7×7 layer reached 0.025 and showed no face), so it is one gate of four.
     */
    maxFeatureError: 0.5,
    /**
     * Best score of face-api's two face detectors (SSD MobileNet, Tiny Face Detector) on the framed
     * inversion: 0.5 is each detector's own default threshold (detect-face-in-image.ts has the calibration).
     */
    minFaceScore: 0.5,
    /** Age regression: the inversion's predicted age within ±10 years of the face's (issue #10). */
    maxAgeDifference: 10,
    /** SSIM to the original at model input size: the reconstruction keeps the face's structure. */
    minSsim: 0.2,
  },
  visualization: {
    /** Class visualisations: the model reads the image as its target with p ≥ 0.9 (issue #10). */
    minTargetProbability: 0.9,
    /**
     * Channel visualisations: the channel's mean activation on the image relative to its maximum over
     * the natural faces of the face library (EXPLAINERS.md V1 asks for more than natural images reach).
     */
    minRelativeActivation: 1,
    /** Pixel standard deviation on the 0–1 scale: below it the image is flat (issue #10). */
    minPixelStd: 0.05,
    /** Share of pixels with every channel below 0.02 or above 0.98: above it the image is saturated. */
    maxSaturatedShare: 0.5,
    /** Two visualisations of different targets of one model must not look alike (issue #10). */
    maxPairwiseSsim: 0.5,
  },
  saliency: {
    /**
     * Deletion AUC in saliency order divided by the mean of two random orders: below 1 is more faithful.
     * Random maps land within ±2 % of 1 (test fixture: 0.99–1.01), so a map must beat random by 5 %.
     */
    maxDeletionRatio: 0.95,
    /**
     * Insertion AUC in saliency order divided by the mean of two random orders. Only guards against maps
     * clearly worse than random (Grad-CAM of the gender model: 0.34–0.69; random maps: 0.99–1.01). It is
     * not a finer gate because insertion starts from a blurred face, which often already carries the
     * prediction: a saturated 'happy' gives 1.000 for every order, and the age estimate of a blurred face
     * moves little (occlusion maps of age: 0.94–0.99 while their deletion ratios were 0.44–0.49).
     */
    minInsertionRatio: 0.9,
    /**
     * Share of |attribution| on the face region divided by the face region's share of the image: at
     * least 1 means the map concentrates on the face at least as much as a uniform map would.
     */
    minFaceConcentration: 1,
  },
} as const;
