// plotly.js for the book: scatter (in plotly's core), bar, pie and sunburst; nothing else.
// Figures default to the Hindi locale below (tooltips of the mode bar and hover buttons).
'use strict';
var Plotly = require('./core');
var hindiIndia = require('plotly.js/lib/locales/hi-in');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/pie'),
    require('plotly.js/lib/sunburst'),
    {
        moduleType: 'locale',
        name: 'hi',
        format: hindiIndia.format,
        dictionary: {
            'Autoscale': 'अपने-आप पैमाना',
            'Box Select': 'आयत से चुनें',
            'Compare data on hover': 'सभी वक्रों के मान दिखाएँ',
            'Double-click on legend to isolate one trace': 'एक वक्र अलग देखने के लिए लेजेंड पर दो बार टैप करें',
            'Double-click to zoom back out': 'वापस पूरा देखने के लिए दो बार टैप करें',
            'Download plot': 'चित्र डाउनलोड करें',
            'Download plot as a PNG': 'चित्र PNG के रूप में डाउनलोड करें',
            'Lasso Select': 'घेरकर चुनें',
            'Pan': 'खिसकाएँ',
            'Reset': 'पहले जैसा करें',
            'Reset axes': 'अक्ष पहले जैसे करें',
            'Reset view': 'दृश्य पहले जैसा करें',
            'Reset views': 'दृश्य पहले जैसे करें',
            'Show closest data on hover': 'सबसे पास का मान दिखाएँ',
            'Toggle Spike Lines': 'सहायक रेखाएँ दिखाएँ/छिपाएँ',
            'Toggle show closest data on hover': 'सबसे पास का मान दिखाएँ/छिपाएँ',
            'Zoom': 'ज़ूम',
            'Zoom in': 'बड़ा करें',
            'Zoom out': 'छोटा करें',
            'trace': 'वक्र'
        }
    }
]);
// no "Share chart" button: it would send the figure to an external server
Plotly.setPlotConfig({locale: 'hi', showSendToCloud: false});

module.exports = Plotly;
